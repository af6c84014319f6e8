from django.urls import path

from chat.consumers import ChatConsumer

websocket_urlpatterns = [
    path("ws/courses/<str:code>/chat/", ChatConsumer.as_asgi()),
    path("ws/courses/<str:code>/chat/group/<int:group_id>/", ChatConsumer.as_asgi()),
]
