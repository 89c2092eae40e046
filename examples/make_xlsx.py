"""Make examples/orders.xlsx from examples/orders.csv (same rows, one sheet "orders").

Run: python examples/make_xlsx.py
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).parent


def main() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "orders"
    with open(HERE / "orders.csv", encoding="utf-8", newline="") as fh:
        for row_no, row in enumerate(csv.reader(fh)):
            if row_no == 0:
                # Excel users write headers their own way: the reader folds case and spaces
                row = [name.replace("_", " ").title() for name in row]
            sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    workbook.save(HERE / "orders.xlsx")
    print(f"wrote {HERE / 'orders.xlsx'} ({sheet.max_row - 1} rows)")


if __name__ == "__main__":
    main()
