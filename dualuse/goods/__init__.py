"""Goods screening: HS/CN/HTS/TN VED codes, part numbers, makers and descriptions
against the CHPL, the Iran-UAV goods rules and the catalogue of components
found in recovered drones. See :mod:`dualuse.goods.screen` for the design."""

from dualuse.goods.catalogue import CHPL_TIERS
from dualuse.goods.codes import CommodityCode, format_code, normalize_code
from dualuse.goods.describe import HeadingCandidate, classify_description
from dualuse.goods.parts import normalize_maker, normalize_part
from dualuse.goods.screen import GoodsHit, GoodsResult, chpl_tier, screen_goods, tier_meaning
from dualuse.goods.table import GoodsRule, GoodsTable, load_goods_table

__all__ = [
    "CHPL_TIERS",
    "CommodityCode",
    "GoodsHit",
    "GoodsResult",
    "GoodsRule",
    "GoodsTable",
    "HeadingCandidate",
    "chpl_tier",
    "classify_description",
    "format_code",
    "load_goods_table",
    "normalize_code",
    "normalize_maker",
    "normalize_part",
    "screen_goods",
    "tier_meaning",
]
