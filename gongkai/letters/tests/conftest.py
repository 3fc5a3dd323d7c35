from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile
from typing import Any

import pytest
from docx import Document


@pytest.fixture
def base_data() -> dict[str, Any]:
    return {
        "letter": {
            "number": "临政办依申公开〔2026〕12号",
            "date": dt.date(2026, 3, 20),
        },
        "agency": {
            "name": "临清市人民政府办公室",
            "address": "临清市青年路1号",
            "phone": "0635-1234567",
            "reconsideration_body": "聊城市人民政府",
            "court": "临清市人民法院",
        },
        "applicant": {"name": "张三"},
        "application": {
            "received_on": dt.date(2026, 3, 2),
            "content": "2025年本市老旧小区改造项目清单",
            "query_code": "LQ-2026-ABCD",
            "form_wanted": "电子文件，电子邮件",
        },
        "deadline": {
            "due": dt.date(2026, 3, 30),
            "text_zh": "答复期限：2026年3月30日（星期一）\n起算：2026年3月2日当面提交",
        },
    }


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        out = subprocess.run(
            ["pdftotext", "-layout", f.name, "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    return "".join(out.split())  # CJK lines wrap anywhere: compare without spaces
