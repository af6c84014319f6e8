"""The chat's WebSocket: one connection per open chat page.

Client → server: {"type": "message", "text": "..."} or {"type": "clear"} (moderators).
Server → client: {"type": "history", "messages": [...]}, {"type": "message", ...},
{"type": "presence", "names": [...]}, {"type": "cleared"}, {"type": "error", "error": "..."}.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import PermissionDenied
from django.http import Http404

from chat import services
from courses.models import Course


class ChatConsumer(AsyncJsonWebsocketConsumer):
    room: services.Room | None = None

    async def connect(self):
        user = self.scope.get("user")
        kwargs = self.scope["url_route"]["kwargs"]
        if user is None or not user.is_authenticated:
            await self.close(code=4401)
            return
        try:
            self.room = await database_sync_to_async(services.room_for)(
                user=user, code=kwargs["code"], group_id=kwargs.get("group_id")
            )
        except (Course.DoesNotExist, PermissionDenied, Http404):
            await self.close(code=4403)
            return
        await self.channel_layer.group_add(self.room.layer_group, self.channel_name)
        await self.accept()
        await database_sync_to_async(services.presence_enter)(
            room=self.room, user=user, channel_name=self.channel_name
        )
        messages = await database_sync_to_async(services.history)(self.room)
        await self.send_json(
            {
                "type": "history",
                "messages": [services.as_event(m) for m in messages],
                "moderator": self.room.moderator,
            }
        )
        await self._broadcast_presence()

    async def disconnect(self, code):
        if self.room is None:
            return
        await database_sync_to_async(services.presence_leave)(channel_name=self.channel_name)
        await self.channel_layer.group_discard(self.room.layer_group, self.channel_name)
        await self._broadcast_presence()

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "message":
            try:
                message = await database_sync_to_async(services.message_post)(
                    room=self.room, user=self.scope["user"], text=content.get("text")
                )
            except services.ChatRefused as refused:
                await self.send_json({"type": "error", "error": str(refused)})
                return
            await self.channel_layer.group_send(
                self.room.layer_group, {"type": "chat.event", "event": services.as_event(message)}
            )
        elif kind == "clear" and self.room.moderator:
            await database_sync_to_async(services.room_clear)(
                course=self.room.course, group_id=self.room.group_id
            )
            await self.channel_layer.group_send(
                self.room.layer_group, {"type": "chat.event", "event": {"type": "cleared"}}
            )

    async def _broadcast_presence(self):
        names = await database_sync_to_async(services.present)(self.room.course, self.room.group_id)
        await self.channel_layer.group_send(
            self.room.layer_group,
            {"type": "chat.event", "event": {"type": "presence", "names": names}},
        )

    async def chat_event(self, event):
        await self.send_json(event["event"])
