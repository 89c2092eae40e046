"""Transaction screening: orders in, explained decisions out.

``read_orders`` reads CSV / JSON / JSON Lines / Excel order files,
``screen_order`` / ``screen_orders`` run the pipeline (parties, goods, route,
red-flag rules, decision policy) and return :class:`ScreeningResult` objects.
"""

from dualuse.screening.decision import DecisionPolicy, ScreeningResult, load_policy
from dualuse.screening.model import GoodsLine, Order, Party, Route
from dualuse.screening.orders import OrderReader, read_orders
from dualuse.screening.pipeline import (
    Screener,
    ScreeningConfig,
    hit_id,
    party_key,
    screen_order,
    screen_orders,
)

__all__ = [
    "DecisionPolicy",
    "GoodsLine",
    "Order",
    "OrderReader",
    "Party",
    "Route",
    "Screener",
    "ScreeningConfig",
    "ScreeningResult",
    "hit_id",
    "load_policy",
    "party_key",
    "read_orders",
    "screen_order",
    "screen_orders",
]
