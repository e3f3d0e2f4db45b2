"""ANTQ Desk: offline-first records of the movement "Toàn dân bảo vệ an ninh Tổ quốc"."""

APP_NAME = "ANTQ Desk"
APP_ID = "antq-desk"
__version__ = "0.1.0"
