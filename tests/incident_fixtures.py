"""Building an incident with multilingual and hostile mentions for incident/report tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from warroom.incidents import service as svc
from warroom.plan import approval
from warroom.plan.store import active_plan, ensure_default_plan
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import Brand, Contact, Mention, Source, StepTick

OPENED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MALAY = "Keracunan makanan lepas minum latte di cawangan Bangsar, satu keluarga sakit perut"
CHINESE = "喝了这杯咖啡以后我们全家都生病了"
ARABIC = "مرحبا، القهوة جعلتني مريضا"
EMOJI = "Never again 😡🤢☕ food poisoning"
HOSTILE = (
    '<b>bold?</b> <img src="file:///etc/passwd"> <a href="javascript:alert(1)">x</a> & <script>'
)
NOTES = [
    "Spike alert: negative mentions ×9 above baseline",
    "Quality team pulled batch records for lot GM-1126",
    "Nota: pasukan kualiti sedang menyiasat",
    HOSTILE,
]


@dataclass
class Built:
    incident_id: str
    mention_ids: dict[str, str]
    entry_texts: list[str]


def build_incident(store: Store, *, mentions_per_minute: int = 0) -> Built:
    """An incident opened at OPENED with mentions in four scripts, notes, messages, contacts."""
    ensure_default_plan(store)
    with store.session() as session:
        session.add(Brand(origin=store.origin, name="Kopi Kita", languages=["en", "ms"]))
        source = Source(origin=store.origin, name="Test feed", kind="rss")
        session.add(source)
        session.add(
            Contact(
                origin=store.origin, name="Aisyah Rahman", group="legal", role="General counsel"
            )
        )
        session.flush()
        texts = {"ms": MALAY, "zh": CHINESE, "ar": ARABIC, "emoji": EMOJI, "hostile": HOSTILE}
        rows = []
        for n, (key, text) in enumerate(texts.items()):
            rows.append(
                {
                    "source_id": source.id,
                    "external_id": key,
                    "author": f"Author {key}",
                    "text": text,
                    "language": key if key in ("ms", "zh", "ar") else "en",
                    "published_at": OPENED + timedelta(minutes=5 + n),
                    "sentiment": -0.7,
                    "severity": 90.0 - n,
                    "author_reach": 1000 * (n + 1),
                }
            )
        # background volume: a quiet lead-in and a spike just before opening
        for minute in range(-12 * 60, 3 * 60, 7):
            spike = -80 <= minute <= 120
            for k in range(6 if spike else 1):
                rows.append(
                    {
                        "source_id": source.id,
                        "external_id": f"bg-{minute}-{k}",
                        "author": "someone",
                        "text": "background mention",
                        "language": "en",
                        "published_at": OPENED + timedelta(minutes=minute, seconds=k),
                        "sentiment": -0.5 if spike else 0.2,
                        "severity": 40.0 if spike else 5.0,
                        "author_reach": 50,
                    }
                )
        store_mentions(session, rows, origin=store.origin)
        mention_ids = {
            m.external_id: m.id
            for m in session.scalars(select(Mention).where(Mention.external_id.in_(list(texts))))
        }
        incident = svc.open_incident(
            session,
            origin=store.origin,
            title="Food poisoning claims: Gula Melaka Latte",
            author="Nurul Huda Ismail",
            crisis_type="service",
            scenario_key="food_safety",
            severity_level=2,
            at=OPENED,
        )
        for n, text in enumerate(NOTES):
            svc.add_note(
                session,
                incident,
                text,
                origin=store.origin,
                author="Nurul Huda Ismail",
                at=OPENED + timedelta(minutes=10 + n),
            )
        for key in ("ms", "zh", "ar", "emoji"):
            svc.pin_mention(
                session,
                incident,
                mention_ids[key],
                origin=store.origin,
                author="Jason Tan",
                at=OPENED + timedelta(minutes=20),
            )
        plan = active_plan(session)
        assert plan is not None
        message = next(
            m
            for s in plan.scenarios
            if s.key == "food_safety"
            for m in s.messages
            if m.key == "x_holding_en"
        )
        approval.submit(message, "Priya Nair", now=OPENED - timedelta(days=3))
        approval.approve(message, "Aisyah Rahman", "ok", now=OPENED - timedelta(days=2))
        svc.record_message_sent(
            session,
            incident,
            "food_safety/x_holding_en",
            origin=store.origin,
            author="Jason Tan",
            at=OPENED + timedelta(minutes=27),
        )
        step = next(s for s in plan.scenarios if s.key == "food_safety").steps[0]
        session.add(
            StepTick(
                origin=store.origin,
                incident_id=incident.id,
                step_key=f"food_safety/{step.key}",
                by="Ravi Kumar",
                at=OPENED + timedelta(minutes=30),
            )
        )
        svc.record_contact(
            session,
            incident,
            "Aisyah Rahman",
            origin=store.origin,
            author="Nurul Huda Ismail",
            channel="phone",
            at=OPENED + timedelta(minutes=31),
        )
        svc.record_contact(
            session,
            incident,
            "Aisyah Rahman",
            "acknowledged",
            origin=store.origin,
            author="Nurul Huda Ismail",
            at=OPENED + timedelta(minutes=35),
        )
        svc.set_severity(
            session,
            incident,
            4,
            origin=store.origin,
            author="Nurul Huda Ismail",
            reason="hospitalisations",
            at=OPENED + timedelta(minutes=40),
        )
        svc.set_stage(
            session,
            incident,
            "intervention",
            origin=store.origin,
            author="Nurul Huda Ismail",
            at=OPENED + timedelta(minutes=45),
        )
        incident.post_crisis = {"situation_assessment": "Two outlets affected; trust dipped 12%."}
        incident.lessons_learned = "Test syrup lots before launch."
        svc.close_incident(
            session,
            incident,
            origin=store.origin,
            author="Nurul Huda Ismail",
            at=OPENED + timedelta(hours=3),
        )
        from warroom.incidents import timeline

        entry_texts = [e.text for e in timeline.entries(session, incident.id)]
        return Built(incident.id, mention_ids, entry_texts)
