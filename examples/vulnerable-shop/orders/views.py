from django.http import JsonResponse

from .models import Order


def order_list(request):
    orders = Order.objects.order_by("-created_at")[:20]
    return JsonResponse({"orders": [{"id": o.pk, "total_cents": o.total_cents} for o in orders]})
