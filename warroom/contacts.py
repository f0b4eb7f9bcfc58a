"""The stakeholder contact sheet: import and export as vCard 3.0 and CSV.

Imports are all-or-nothing: every card or row is parsed and checked first,
and a problem is reported with the file, the line and the field, leaving the
sheet untouched.  Contacts are matched by email (else by name) so importing
the same file twice updates rather than duplicates.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from warroom.errors import UserError
from warroom.store.models import Contact

GROUPS: tuple[str, ...] = (
    "crisis_team",
    "executives",
    "legal",
    "pr",
    "customer_service",
    "employees",
    "press",
    "regulators",
    "partners",
)
MAX_FILE_BYTES = 5 * 1024 * 1024
CSV_COLUMNS = (
    "name",
    "group",
    "role",
    "organisation",
    "phone",
    "email",
    "escalation_tier",
    "availability",
    "timezone",
    "notes",
)


@dataclass
class ContactData:
    name: str
    group: str = "crisis_team"
    role: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""
    escalation_tier: int = 3
    availability: str = ""
    timezone: str = "UTC"
    notes: str = ""
    line: int = field(default=0, compare=False)


def _check(item: ContactData, where: str) -> ContactData:
    if not item.name.strip():
        raise UserError(f"{where}: name: a contact needs a name")
    if item.group not in GROUPS:
        raise UserError(
            f"{where}: group: unknown group {item.group!r} (expected one of {', '.join(GROUPS)})"
        )
    if not 1 <= item.escalation_tier <= 5:
        raise UserError(f"{where}: escalation_tier: must be 1 to 5, not {item.escalation_tier}")
    if item.email and "@" not in item.email:
        raise UserError(f"{where}: email: {item.email!r} is not an email address")
    return item


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"{path}: cannot read: {exc.strerror}") from None
    if size > MAX_FILE_BYTES:
        raise UserError(
            f"{path}: {size // 1024 // 1024} MB is too large for a contact sheet (max 5 MB)"
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError(f"{path}:{line}: not UTF-8 text (byte {exc.start})") from None


# --- CSV ------------------------------------------------------------------------------------


def parse_csv(text: str, source: str = "contacts.csv") -> list[ContactData]:
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or "name" not in reader.fieldnames:
        raise UserError(f"{source}:1: the header needs at least a 'name' column")
    unknown = [c for c in reader.fieldnames if c not in CSV_COLUMNS]
    if unknown:
        raise UserError(
            f"{source}:1: unknown column(s) {', '.join(unknown)} (known: {', '.join(CSV_COLUMNS)})"
        )
    contacts = []
    for row in reader:
        where = f"{source}:{reader.line_num}"
        if None in row:
            raise UserError(f"{where}: more cells than columns")
        values = {k: (v or "").strip() for k, v in row.items() if k}
        tier_text = values.pop("escalation_tier", "") or "3"
        try:
            tier = int(tier_text)
        except ValueError:
            raise UserError(
                f"{where}: escalation_tier: {tier_text!r} is not a whole number"
            ) from None
        item = ContactData(
            **{k: v for k, v in values.items() if k != "escalation_tier"},
            escalation_tier=tier,
            line=reader.line_num,
        )
        if not item.group:
            item.group = "crisis_team"
        if not item.timezone:
            item.timezone = "UTC"
        contacts.append(_check(item, where))
    return contacts


def to_csv(contacts: Iterable[Contact]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for c in contacts:
        writer.writerow([getattr(c, column) for column in CSV_COLUMNS])
    return out.getvalue()


# --- vCard 3.0 ------------------------------------------------------------------------------


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _fold(line: str) -> str:
    """RFC 6350 line folding at 75 octets (never inside a UTF-8 sequence)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = ""
    for ch in line:
        limit = 75 if not parts else 74
        if len((current + ch).encode("utf-8")) > limit:
            parts.append(current)
            current = ch
        else:
            current += ch
    parts.append(current)
    return "\r\n ".join(parts)


def to_vcard(contacts: Iterable[Contact]) -> str:
    cards = []
    for c in contacts:
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(c.name)}", f"N:{_escape(c.name)};;;;"]
        if c.organisation:
            lines.append(f"ORG:{_escape(c.organisation)}")
        if c.role:
            lines.append(f"TITLE:{_escape(c.role)}")
        if c.phone:
            lines.append(f"TEL;TYPE=CELL:{_escape(c.phone)}")
        if c.email:
            lines.append(f"EMAIL;TYPE=INTERNET:{_escape(c.email)}")
        if c.timezone:
            lines.append(f"TZ:{_escape(c.timezone)}")
        if c.notes:
            lines.append(f"NOTE:{_escape(c.notes)}")
        lines += [
            f"X-WARROOM-GROUP:{_escape(c.group)}",
            f"X-WARROOM-TIER:{c.escalation_tier}",
            f"X-WARROOM-AVAILABILITY:{_escape(c.availability)}",
            "END:VCARD",
        ]
        cards.append("\r\n".join(_fold(line) for line in lines))
    return "\r\n".join(cards) + "\r\n" if cards else ""


def parse_vcard(text: str, source: str = "contacts.vcf") -> list[ContactData]:
    # unfold: a line starting with a space or tab continues the previous one
    physical = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    logical: list[tuple[int, str]] = []
    for number, line in enumerate(physical, start=1):
        if line[:1] in (" ", "\t") and logical:
            logical[-1] = (logical[-1][0], logical[-1][1] + line[1:])
        elif line.strip():
            logical.append((number, line))
    contacts: list[ContactData] = []
    current: dict[str, str] | None = None
    start = 0
    for number, line in logical:
        name_part, sep, value = line.partition(":")
        if not sep:
            raise UserError(f"{source}:{number}: not a vCard property line")
        prop = name_part.split(";")[0].upper()
        if "." in prop:  # grouped property, e.g. item1.EMAIL
            prop = prop.split(".", 1)[1]
        if prop == "BEGIN" and value.upper() == "VCARD":
            if current is not None:
                raise UserError(
                    f"{source}:{number}: BEGIN:VCARD inside a card that started at line {start}"
                )
            current, start = {}, number
            continue
        if current is None:
            raise UserError(f"{source}:{number}: {prop} outside BEGIN:VCARD … END:VCARD")
        if prop == "END":
            contacts.append(_card(current, f"{source}:{start}"))
            current = None
            continue
        current.setdefault(prop, _unescape(value))
    if current is not None:
        raise UserError(f"{source}:{start}: card never ends (no END:VCARD)")
    return contacts


def _card(props: dict[str, str], where: str) -> ContactData:
    name = props.get("FN") or " ".join(p for p in props.get("N", "").split(";")[::-1] if p).strip()
    tier_text = props.get("X-WARROOM-TIER", "3") or "3"
    try:
        tier = int(tier_text)
    except ValueError:
        raise UserError(f"{where}: X-WARROOM-TIER: {tier_text!r} is not a whole number") from None
    item = ContactData(
        name=name,
        group=props.get("X-WARROOM-GROUP", "crisis_team") or "crisis_team",
        role=props.get("TITLE", ""),
        organisation=props.get("ORG", "").split(";")[0],
        phone=props.get("TEL", ""),
        email=props.get("EMAIL", ""),
        escalation_tier=tier,
        availability=props.get("X-WARROOM-AVAILABILITY", ""),
        timezone=props.get("TZ", "UTC") or "UTC",
        notes=props.get("NOTE", ""),
    )
    return _check(item, where)


# --- store ----------------------------------------------------------------------------------


def import_file(session: Session, path: Path, *, origin: str) -> tuple[int, int]:
    """Import a .vcf or .csv file; returns (added, updated). Nothing changes on error."""
    text = _read(path)
    suffix = path.suffix.lower()
    if suffix in (".vcf", ".vcard"):
        items = parse_vcard(text, str(path))
    elif suffix == ".csv":
        items = parse_csv(text, str(path))
    else:
        raise UserError(f"{path}: unknown contact file type (use .vcf or .csv)")
    return merge(session, items, origin=origin)


def merge(session: Session, items: list[ContactData], *, origin: str) -> tuple[int, int]:
    existing = list(session.scalars(select(Contact)))
    by_email = {c.email.lower(): c for c in existing if c.email}
    by_name = {c.name.lower(): c for c in existing}
    added = updated = 0
    names = [f.name for f in fields(ContactData) if f.name != "line"]
    for item in items:
        target = (by_email.get(item.email.lower()) if item.email else None) or by_name.get(
            item.name.lower()
        )
        if target is None:
            target = Contact(origin=origin, name=item.name, group=item.group)
            session.add(target)
            by_name[item.name.lower()] = target
            added += 1
        else:
            updated += 1
        for name in names:
            setattr(target, name, getattr(item, name))
    session.flush()
    return added, updated


def export_file(session: Session, path: Path) -> int:
    contacts = list(
        session.scalars(select(Contact).order_by(Contact.escalation_tier, Contact.name))
    )
    text = to_vcard(contacts) if path.suffix.lower() in (".vcf", ".vcard") else to_csv(contacts)
    path.write_text(text, encoding="utf-8", newline="")
    return len(contacts)
