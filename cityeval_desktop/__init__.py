"""CityEval Desktop: 城市全域数字化转型经营主体评估工作台."""

__version__ = "0.1.0"
