import io

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from accounts.models import User


def _square_thumbnail(upload) -> ContentFile:
    """Crop to a centred square and shrink; re-encoding drops anything hidden in the file."""
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        image = ImageOps.fit(image.convert("RGB"), (settings.AVATAR_SIZE, settings.AVATAR_SIZE))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=85)
    return ContentFile(out.getvalue())


@transaction.atomic
def user_update_profile(*, user: User, data: dict, avatar=None) -> User:
    for field in ("first_name", "last_name", "official_code", "phone", "language", "timezone"):
        if field in data:
            setattr(user, field, data[field])
    user.full_clean(exclude=["password", "username", "email", "avatar"])
    user.save()
    if avatar is not None:
        old = user.avatar.name if user.avatar else None
        user.avatar.save(f"avatar-{user.pk}.jpg", _square_thumbnail(avatar), save=True)
        if old and old != user.avatar.name:
            user.avatar.storage.delete(old)
    return user


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
