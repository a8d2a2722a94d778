"""The central-government lecture-fee scale (講座鐘點費支給表) and the
withholding settings, as first data; staff maintain them in the admin.

Dates: the current scale (2,000 / 1,500 / 1,000) is seeded from 2023-01-01 and the
previous one (1,600 / 1,200 / 800) closed on 2022-12-31. The exact date of the
revision was not verified; no revision after 2023 was found. Check before use.
"""

import datetime
from decimal import Decimal

from django.db import migrations

SOURCE = (
    "講座鐘點費支給表（中央政府各機關學校），見各大學主計室轉載（如 "
    "accounting.ndhu.edu.tw，2024）及勞動部法令查詢系統 FL038584。"
    "生效日以 2023-01-01 登錄，請於使用前查核。"
)
PREVIOUS_SOURCE = "講座鐘點費支給表（前一版）。結束日以 2022-12-31 登錄，請查核。"
SETTINGS_SOURCE = (
    "二代健保補充保費費率 2.11%，單次給付達門檻（隨基本工資，2024 年表單所見為 "
    "26,400 元）扣取；所得稅：單次給付超過 40,000 元扣 5%，稅額未達 2,000 元免扣"
    "（參考臺北市公務人員訓練處作法）。門檻隨法規調整，請查核。"
)
CURRENT = datetime.date(2023, 1, 1)


def seed(apps, schema_editor):
    FeeRate = apps.get_model("fees", "FeeRate")
    FeeSettings = apps.get_model("fees", "FeeSettings")
    for category, previous, current in (
        ("outside", 1600, 2000),
        ("affiliated", 1200, 1500),
        ("internal", 800, 1000),
    ):
        FeeRate.objects.get_or_create(
            category=category,
            effective_from=datetime.date(2000, 1, 1),
            defaults={
                "amount": previous,
                "effective_to": CURRENT - datetime.timedelta(days=1),
                "source": PREVIOUS_SOURCE,
            },
        )
        FeeRate.objects.get_or_create(
            category=category,
            effective_from=CURRENT,
            defaults={"amount": current, "source": SOURCE},
        )
    FeeSettings.objects.get_or_create(
        effective_from=datetime.date(2000, 1, 1),
        defaults={
            "premium_rate": Decimal("0.0211"),
            "premium_threshold": 26400,
            "tax_rate": Decimal("0.05"),
            "tax_threshold": 40000,
            "tax_minimum": 2000,
            "assistant_share": Decimal("0.5"),
            "materials_cap": Decimal("0.7"),
            "source": SETTINGS_SOURCE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("fees", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
