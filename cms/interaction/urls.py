from django.urls import path

from .captcha import captcha_image

app_name = "interaction"

urlpatterns = [
    path("captcha/<str:token>.png", captcha_image, name="captcha_image"),
]
