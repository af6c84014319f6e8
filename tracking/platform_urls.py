from django.urls import path

from tracking import views

urlpatterns = [
    path("platform/", views.platform, name="tracking_platform"),
    path("learners/", views.followed, name="tracking_followed"),
    path("learners/<int:user_id>/", views.followed_detail, name="tracking_followed_detail"),
    path("followers/", views.followers, name="tracking_followers"),
    path("followers/<int:link_id>/remove/", views.follower_remove, name="tracking_follower_remove"),
]
