"""The demo crisis: one brand, two days of mentions with a spike, an open incident.

Kopi Kita, a Malaysian coffee chain, launches a Gula Melaka latte; a day and a
half later customers report food poisoning after drinking it and the feed
turns.  The stream is generated from a fixed seed (the same demo every time,
relative to when it is loaded): a few thousand mentions in English and Malay
from several sources, a crisis team and stakeholders on the contact sheet, the
default plan, and an open incident with a few timeline entries.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select

from warroom.incidents import service as incidents
from warroom.incidents import timeline
from warroom.store.db import Store
from warroom.store.mention_writer import store_mentions
from warroom.store.models import (
    Brand,
    Contact,
    Mention,
    Source,
    utcnow,
)

BRAND = "Kopi Kita"
PRODUCT = "Gula Melaka Latte"
SEED = 20261129

Progress = Callable[[int, int], bool]  # (done, total) -> keep going?

SOURCES: list[dict[str, Any]] = [
    {
        "name": "Google Alerts",
        "kind": "rss",
        "base_url": "https://www.google.com/alerts/feeds/demo",
    },
    {
        "name": "Mastodon #kopikita",
        "kind": "mastodon",
        "base_url": "https://mastodon.social",
        "query": "#kopikita",
    },
    {
        "name": "Bluesky search",
        "kind": "bluesky",
        "base_url": "https://public.api.bsky.app",
        "query": "Kopi Kita",
    },
    {
        "name": "Reddit r/malaysia",
        "kind": "reddit",
        "base_url": "https://www.reddit.com",
        "query": "kopi kita",
    },
    {
        "name": "Brandwatch",
        "kind": "brandwatch",
        "base_url": "https://api.brandwatch.com",
        "query": "Kopi Kita",
    },
]

# (language, sentiment, phase weightings) templates; {p} product, {o} outlet, {b} brand.
NEGATIVE_EN = [
    "Got food poisoning after the {p} at {b} {o}. Whole family sick. Not ok.",
    "Is anyone else sick after drinking {b}'s new {p}?? Stomach cramps all night",
    "{b} needs to recall the {p} NOW. Three friends in hospital after {o} outlet",
    "Boycott {b} until they explain what happened with the {p}. Disgusting.",
    "My daughter vomited twice after the {p} from {b} {o}. Health ministry please check",
    "Silence from {b} about the food poisoning is the worst part. Say something!",
    "Thinking about a lawsuit against {b}, the {p} put me in A&E",
    "Never buying {b} again. Food poisoning from a latte, how is that even possible",
    "{b} {o} staff told me 'no complaints received'. Liars. #kopikita",
    "The {p} tasted sour and now I'm sick. {b} what is in this drink?",
]
NEGATIVE_MS = [
    "Keracunan makanan lepas minum {p} {b} kat {o}. Satu family sakit perut.",
    "Ada sesiapa lagi sakit lepas minum {p} {b}? Sakit perut sepanjang malam",
    "Boikot {b} sampai mereka jelaskan isu {p} ni. Teruk sangat",
    "{b} kena tarik balik {p} sekarang. Kawan saya masuk hospital",
    "Anak saya muntah lepas minum {p} dari {b} {o}. KKM tolong siasat",
    "Senyap je {b} pasal keracunan makanan ni. Tak bertanggungjawab langsung",
    "Tak nak beli {b} lagi. Keracunan makanan sebab latte, macam mana boleh jadi",
    "Staf {b} {o} kata tiada aduan. Tipu! #kopikita",
    "Rasa {p} tu masam, sekarang sakit perut. {b} apa dalam minuman ni?",
    "Saya nak saman {b}, {p} ni buat saya masuk wad kecemasan",
]
NEUTRAL_EN = [
    "Anyone know if {b} {o} is open today?",
    "{b} has a new {p} on the menu this week",
    "Reading the news about {b} and the {p}. Waiting for the facts.",
    "Is the {b} app down or is it just me?",
    "Heard {b} is investigating complaints about the {p}",
    "{b} {o} queue is short today",
]
NEUTRAL_MS = [
    "{b} {o} buka tak hari ni?",
    "{b} ada menu baru minggu ni, {p}",
    "Tengah baca berita pasal {b} dan {p}. Tunggu fakta dulu.",
    "Dengar cerita {b} tengah siasat aduan tentang {p}",
    "Aplikasi {b} ada masalah ke?",
    "Barisan kat {b} {o} pendek hari ni",
]
POSITIVE_EN = [
    "The new {p} at {b} is amazing!! Perfect gula melaka sweetness",
    "Love my morning {b} run. {o} baristas are the best",
    "Respect to {b} for pulling the {p} and apologising quickly. That's how you do it.",
    "{b} refunded me within an hour and the manager called personally. Thank you",
    "Great coffee, friendly staff at {b} {o} as always",
]
POSITIVE_MS = [
    "{p} baru {b} memang sedap! Manis gula melaka cukup-cukup",
    "Suka sangat {b} {o}, barista baik dan mesra",
    "Terima kasih {b} sebab cepat mohon maaf dan tarik balik {p}. Bagus",
    "{b} pulangkan duit saya dalam sejam, pengurus telefon sendiri. Terima kasih",
    "Kopi sedap, layanan mesra di {b} {o} macam biasa",
]
OUTLETS = [
    "Bangsar",
    "Shah Alam",
    "Subang Jaya",
    "Petaling Jaya",
    "Cyberjaya",
    "Johor Bahru",
    "Penang",
]
FIRST = [
    "Aisyah",
    "Farid",
    "Mei Ling",
    "Ravi",
    "Nurul",
    "Hafiz",
    "Siti",
    "Jason",
    "Priya",
    "Amir",
    "Kavitha",
    "Wei Jie",
    "Zainab",
    "Daniel",
    "Liyana",
    "Arjun",
    "Farah",
    "Hakim",
    "Chloe",
    "Imran",
]
LAST = ["Rahman", "Tan", "Lim", "Kumar", "Ismail", "Wong", "Abdullah", "Lee", "Nair", "Hassan"]

CONTACTS: list[dict[str, Any]] = [
    {
        "name": "Nurul Huda Ismail",
        "group": "crisis_team",
        "role": "Crisis lead",
        "phone": "+60 12-345 6701",
        "email": "nurul.huda@kopikita.example",
        "escalation_tier": 1,
        "availability": "24/7 during incidents",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Jason Tan",
        "group": "crisis_team",
        "role": "Social media manager",
        "phone": "+60 12-345 6702",
        "email": "jason.tan@kopikita.example",
        "escalation_tier": 1,
        "availability": "08:00-24:00",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Priya Nair",
        "group": "pr",
        "role": "Head of communications",
        "phone": "+60 12-345 6703",
        "email": "priya.nair@kopikita.example",
        "escalation_tier": 1,
        "availability": "24/7 during incidents",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Aisyah Rahman",
        "group": "legal",
        "role": "General counsel (approver)",
        "phone": "+60 12-345 6704",
        "email": "aisyah.rahman@kopikita.example",
        "escalation_tier": 1,
        "availability": "On call",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Farid Abdullah",
        "group": "customer_service",
        "role": "Customer service lead",
        "phone": "+60 12-345 6705",
        "email": "farid.abdullah@kopikita.example",
        "escalation_tier": 2,
        "availability": "07:00-23:00",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Datin Mei Ling Wong",
        "group": "executives",
        "role": "Chief executive officer",
        "phone": "+60 12-345 6706",
        "email": "ceo@kopikita.example",
        "escalation_tier": 2,
        "availability": "Via chief of staff after 22:00",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Hafiz Hassan",
        "group": "executives",
        "role": "Chief operating officer",
        "phone": "+60 12-345 6707",
        "email": "hafiz.hassan@kopikita.example",
        "escalation_tier": 2,
        "availability": "24/7",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Ravi Kumar",
        "group": "crisis_team",
        "role": "Food safety & quality manager",
        "phone": "+60 12-345 6708",
        "email": "ravi.kumar@kopikita.example",
        "escalation_tier": 1,
        "availability": "24/7 during incidents",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Siti Zainab",
        "group": "employees",
        "role": "HR business partner",
        "phone": "+60 12-345 6709",
        "email": "siti.zainab@kopikita.example",
        "escalation_tier": 3,
        "availability": "09:00-18:00",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Daniel Lee",
        "group": "crisis_team",
        "role": "IT security officer",
        "phone": "+60 12-345 6710",
        "email": "daniel.lee@kopikita.example",
        "escalation_tier": 3,
        "availability": "On call",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Bahagian Keselamatan dan Kualiti Makanan",
        "group": "regulators",
        "role": "Food safety regulator (KKM)",
        "phone": "+60 3-8885 0000",
        "email": "fsq@moh.example",
        "escalation_tier": 2,
        "availability": "Office hours; hotline 24/7",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Liyana Ahmad",
        "group": "press",
        "role": "Consumer reporter, The Daily Kopi",
        "phone": "+60 19-555 0101",
        "email": "liyana@dailykopi.example",
        "escalation_tier": 3,
        "availability": "Deadline 18:00",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Chloe Lim",
        "group": "press",
        "role": "Editor, Berita Semasa",
        "phone": "+60 19-555 0102",
        "email": "chloe.lim@beritasemasa.example",
        "escalation_tier": 3,
        "availability": "Deadline 20:00",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Gula Murni Sdn Bhd",
        "group": "partners",
        "role": "Palm sugar supplier",
        "phone": "+60 7-555 0199",
        "email": "qa@gulamurni.example",
        "escalation_tier": 2,
        "availability": "08:00-17:00",
        "timezone": "Asia/Kuala_Lumpur",
    },
    {
        "name": "Arjun Menon",
        "group": "partners",
        "role": "Delivery platform account manager",
        "phone": "+65 8555 0123",
        "email": "arjun@deliver.example",
        "escalation_tier": 3,
        "availability": "09:00-21:00",
        "timezone": "Asia/Singapore",
    },
    {
        "name": "Kavitha Rao",
        "group": "customer_service",
        "role": "Call-centre supervisor",
        "phone": "+60 12-345 6711",
        "email": "kavitha.rao@kopikita.example",
        "escalation_tier": 2,
        "availability": "Shift 14:00-23:00",
        "timezone": "Asia/Kuala_Lumpur",
    },
]


def _volume(hour: float, spike_at: float) -> float:
    """Mentions per hour: a daily rhythm plus the crisis spike and its decay."""
    daily = 14 + 10 * math.sin((hour % 24 - 8) / 24 * 2 * math.pi)
    if hour < spike_at:
        return daily
    since = hour - spike_at
    surge = 420 * (1 - math.exp(-since / 1.2)) * math.exp(-since / 9)
    return daily + surge


REACTIONS = {
    ("en", "negative"): [
        "Absolutely unacceptable.",
        "Who is responsible for this?",
        "My kids drink this every week.",
        "Never again.",
        "Please share so others stay safe.",
        "The manager just shrugged.",
        "Customer service hung up on me.",
        "Refund is the least they can do.",
        "Stay away for now.",
        "How many more people have to get sick?",
        "I have the receipt and the doctor's note.",
        "This is the third complaint I've seen today.",
    ],
    ("ms", "negative"): [
        "Memang tak boleh terima.",
        "Siapa nak bertanggungjawab?",
        "Anak-anak saya minum setiap minggu.",
        "Serik dah.",
        "Tolong share supaya orang lain berhati-hati.",
        "Pengurus buat tak tahu je.",
        "Khidmat pelanggan letak telefon.",
        "Sekurang-kurangnya pulangkan duit.",
        "Jangan beli dulu.",
        "Berapa ramai lagi nak sakit?",
        "Saya ada resit dan surat doktor.",
        "Dah tiga aduan saya nampak hari ni.",
    ],
    ("en", "neutral"): [
        "Any update?",
        "Waiting for an official statement.",
        "Anyone know more?",
        "Let's see what they say.",
        "Saw it on the news this morning.",
        "Not sure what to believe yet.",
    ],
    ("ms", "neutral"): [
        "Ada berita terkini?",
        "Tunggu kenyataan rasmi.",
        "Ada sesiapa tahu lebih lanjut?",
        "Tengok apa mereka cakap.",
        "Nampak dalam berita pagi tadi.",
        "Tak pasti nak percaya yang mana.",
    ],
    ("en", "positive"): [
        "Highly recommend.",
        "Five stars.",
        "Will be back tomorrow.",
        "Good job team!",
        "That's real customer care.",
        "Faith restored.",
    ],
    ("ms", "positive"): [
        "Memang terbaik.",
        "Lima bintang.",
        "Esok datang lagi.",
        "Syabas semua!",
        "Itulah layanan pelanggan sebenar.",
        "Kepercayaan dipulihkan.",
    ],
}
TAGS = [
    "#kopikita",
    "#KopiKita",
    "#gulamelaka",
    "#keracunanmakanan",
    "#foodpoisoning",
    "☕",
    "😡",
    "🤢",
    "🙏",
    "👍",
    "#boikot",
    "",
]
# Complaints are put together from parts, as people write them: what they had,
# what happened, what they want.
COMPLAINT_PARTS = {
    "en": (
        [
            "Got sick after the {p} at {b} {o}.",
            "Drank the {p} from {b} {o} last night.",
            "My sister had the new {p} at {b} {o}.",
            "Three of us tried {b}'s {p} at {o}.",
            "Bought the {p} at {b} {o} yesterday.",
            "Had a {p} from {b} {o} for breakfast.",
            "Ordered {b} {p} on delivery from {o}.",
            "The office ordered {b} {p} from {o} for everyone.",
        ],
        [
            "Stomach cramps all night.",
            "Whole family down with food poisoning.",
            "Ended up in A&E.",
            "Vomiting since 2am.",
            "Two colleagues at the clinic now.",
            "Fever and diarrhoea today.",
            "It tasted sour and now I feel awful.",
            "The doctor says it's food poisoning.",
        ],
        [
            "{b} needs to recall it now.",
            "Boycott until they explain.",
            "The silence from {b} is the worst part.",
            "Thinking about a lawsuit.",
            "Health ministry please check.",
            "Why is it still on sale?",
            "Not buying {b} again.",
            "Where is the apology?",
        ],
    ),
    "ms": (
        [
            "Sakit lepas minum {p} {b} kat {o}.",
            "Minum {p} dari {b} {o} semalam.",
            "Adik saya cuba {p} baru di {b} {o}.",
            "Kami bertiga minum {p} {b} di {o}.",
            "Beli {p} di {b} {o} semalam.",
            "Sarapan dengan {p} dari {b} {o}.",
            "Order {p} {b} dari {o} guna delivery.",
            "Pejabat order {p} {b} dari {o} untuk semua.",
        ],
        [
            "Sakit perut sepanjang malam.",
            "Satu keluarga keracunan makanan.",
            "Terus masuk wad kecemasan.",
            "Muntah dari pukul 2 pagi.",
            "Dua rakan sekerja dekat klinik sekarang.",
            "Demam dan cirit-birit hari ni.",
            "Rasa masam, sekarang badan tak sedap.",
            "Doktor kata keracunan makanan.",
        ],
        [
            "{b} kena tarik balik sekarang.",
            "Boikot sampai mereka jelaskan.",
            "Senyap je {b}, itu paling teruk.",
            "Rasa nak saman.",
            "KKM tolong siasat.",
            "Kenapa masih dijual?",
            "Tak nak beli {b} lagi.",
            "Mana permohonan maaf?",
        ],
    ),
}
CAMPAIGN = "BOIKOT Kopi Kita sampai mereka bertanggungjawab! Sebarkan. #BoikotKopiKita"


def _pick_text(rng: random.Random, hour: float, spike_at: float, language: str) -> str:
    in_crisis = hour >= spike_at
    since = hour - spike_at
    if not in_crisis:
        weights = (0.08, 0.4, 0.52)
    elif since < 8:
        weights = (0.72, 0.22, 0.06)
    else:  # after the apology the tone recovers a little
        weights = (0.5, 0.28, 0.22)
    if in_crisis and 2 <= since < 6 and rng.random() < 0.12:
        return CAMPAIGN  # a copy-paste campaign: the analysis clusters it
    mood = rng.choices(("negative", "neutral", "positive"), weights=weights)[0]
    pools = {
        ("en", "negative"): NEGATIVE_EN,
        ("ms", "negative"): NEGATIVE_MS,
        ("en", "neutral"): NEUTRAL_EN,
        ("ms", "neutral"): NEUTRAL_MS,
        ("en", "positive"): POSITIVE_EN,
        ("ms", "positive"): POSITIVE_MS,
    }
    outlet = rng.choice(OUTLETS)
    if mood == "negative" and in_crisis and rng.random() < 0.75:
        had, happened, wanted = COMPLAINT_PARTS[language]
        pieces = [rng.choice(had), rng.choice(happened)]
        if rng.random() < 0.7:
            pieces.append(rng.choice(wanted))
        text = " ".join(pieces).format(p=PRODUCT, b=BRAND, o=outlet)
    else:
        text = rng.choice(pools[(language, mood)]).format(p=PRODUCT, b=BRAND, o=outlet)
    if rng.random() < 0.8:
        text += " " + rng.choice(REACTIONS[(language, mood)])
    if rng.random() < 0.5:
        text += " " + rng.choice(
            REACTIONS[(language, "neutral" if mood != "neutral" else "negative")]
        )
    tag = rng.choice(TAGS)
    return f"{text} {tag}".strip()


def generate_mentions(
    source_ids: list[str], now: datetime, *, hours: int = 48, spike_hours_ago: float = 14.0
) -> list[dict[str, Any]]:
    """The raw stream, as the sources would deliver it; the analysis scores it on load."""
    rng = random.Random(SEED)
    start = now - timedelta(hours=hours)
    spike_at = hours - spike_hours_ago
    rows: list[dict[str, Any]] = []
    for hour_index in range(hours):
        expected = _volume(hour_index + 0.5, spike_at)
        count = max(0, int(rng.gauss(expected, math.sqrt(expected))))
        for _ in range(count):
            hour = hour_index + rng.random()
            published = start + timedelta(hours=hour)
            if published > now:
                continue
            language = "ms" if rng.random() < 0.45 else "en"
            text = _pick_text(rng, hour, spike_at, language)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            source_index = rng.choices(range(len(source_ids)), weights=(2, 3, 3, 2, 4))[0]
            external_id = f"demo-{len(rows):06d}"
            handle = f"{first.lower().replace(' ', '')}{rng.randint(1, 999)}"
            rows.append(
                {
                    "source_id": source_ids[source_index],
                    "external_id": external_id,
                    "canonical_url": f"https://social.example/{handle}/{external_id}",
                    "author": f"{first} {last}",
                    "author_handle": f"@{handle}",
                    "author_reach": int(rng.lognormvariate(5.5, 1.6)),
                    "engagement": int(rng.lognormvariate(1.5, 1.4)),
                    "text": text,
                    # some services say the language, others leave it to the detector
                    "language": language if source_index in (1, 2) else "",
                    "published_at": published,
                    "raw": {"demo": True},
                }
            )
    rows.sort(key=lambda r: r["published_at"])
    return rows


def load_demo(store: Store, *, author: str, progress: Progress | None = None) -> dict[str, int]:
    """Replace the store's demo content with a fresh demo crisis; returns counts."""
    now = utcnow().replace(microsecond=0)
    from warroom.plan.store import ensure_default_plan

    ensure_default_plan(store)
    with store.session() as session:
        _clear_demo(session)
        brand = Brand(
            origin=store.origin,
            name=BRAND,
            keywords=["kopi kita", "#kopikita", PRODUCT.lower()],
            languages=["en", "ms"],
            hotline="1-800-88-5674",
            website="https://kopikita.example",
        )
        session.add(brand)
        sources = []
        for spec in SOURCES:
            source = Source(
                origin=store.origin,
                enabled=False,
                options={"demo": True},
                interval_s=300,
                health="ok",
                last_success_at=now,
                **spec,
            )
            session.add(source)
            sources.append(source)
        for spec in CONTACTS:
            session.add(Contact(origin=store.origin, notes="demo", **spec))
        session.flush()
        rows = generate_mentions([s.id for s in sources], now)
        from warroom.analysis.pipeline import score_mentions
        from warroom.plan.store import active_plan

        # the same analysis ingest runs: language, sentiment, risk terms, clusters, severity
        score_mentions(rows, plan=active_plan(session), languages=["en", "ms"])
    total = len(rows)
    batch = 500
    for offset in range(0, total, batch):
        with store.session() as session:
            store_mentions(session, rows[offset : offset + batch], origin=store.origin)
        if progress is not None and not progress(min(offset + batch, total), total):
            with store.session() as session:  # cancelled: leave no half-loaded demo
                _clear_demo(session)
            return {"mentions": 0, "contacts": 0, "sources": 0}
    from warroom.alerts import watch

    watch(store, since=now - timedelta(hours=48), now=now)  # the spike the detector caught
    with store.session() as session:
        for source in session.scalars(select(Source).where(Source.options["demo"].as_boolean())):
            source.items_fetched = (
                session.query(Mention).filter(Mention.source_id == source.id).count()
            )
        _approve_holding_statements(session, now)
        _demo_incident(session, store.origin, author, now)
    return {"mentions": total, "contacts": len(CONTACTS), "sources": len(SOURCES)}


def _approve_holding_statements(session: Any, now: datetime) -> None:
    """The food-safety holding statements and replies went through approval before the demo."""
    from warroom.plan import approval
    from warroom.plan.store import active_plan

    plan = active_plan(session)
    if plan is None:
        return
    for scenario in plan.scenarios:
        if scenario.key != "food_safety":
            continue
        for message in scenario.messages:
            if message.purpose in ("holding_statement", "reply") and message.status != "approved":
                approval.submit(message, "Priya Nair", now=now - timedelta(days=30))
                approval.approve(
                    message,
                    "Aisyah Rahman",
                    "Approved for food-safety incidents",
                    now=now - timedelta(days=29),
                )


def _demo_incident(session: Any, origin: str, author: str, now: datetime) -> None:
    opened = now - timedelta(hours=12, minutes=40)
    incident = incidents.open_incident(
        session,
        origin=origin,
        title=f"Food poisoning claims: {PRODUCT}",
        author="Nurul Huda Ismail",
        crisis_type="service",
        scenario_key="food_safety",
        stage="detection",
        severity_level=3,
        at=opened,
    )
    incident.details = {"product": PRODUCT, "batch": "GM-1126", "location": "Bangsar and Shah Alam"}
    steps: list[tuple[int, str, str, dict[str, Any]]] = [
        (
            5,
            "note",
            "Spike alert: negative mentions ×9 above baseline; 'keracunan makanan' and 'food poisoning' trending.",
            {},
        ),
        (
            18,
            "note",
            "Quality team pulled batch records for Gula Melaka syrup lot GM-1126 at Bangsar and Shah Alam.",
            {},
        ),
        (
            27,
            "message",
            "Holding statement posted on X and Facebook (EN/MS), approved by Aisyah Rahman.",
            {"channel": "x"},
        ),
        (40, "contact", "Called food safety regulator (KKM); case officer assigned.", {}),
    ]
    for minutes, kind, text, data in steps:
        timeline.append(
            session,
            incident_id=incident.id,
            origin=origin,
            kind=kind,
            author="Jason Tan" if kind == "message" else "Nurul Huda Ismail",
            text=text,
            data=data,
            at=opened + timedelta(minutes=minutes),
        )
    incidents.set_stage(
        session,
        incident,
        "intervention",
        origin=origin,
        author="Nurul Huda Ismail",
        at=opened + timedelta(minutes=45),
    )
    incidents.set_severity(
        session,
        incident,
        4,
        origin=origin,
        author="Nurul Huda Ismail",
        reason="three hospitalisations reported",
        at=opened + timedelta(hours=2),
    )
    timeline.append(
        session,
        incident_id=incident.id,
        origin=origin,
        kind="note",
        author=author,
        text=f"{PRODUCT} withdrawn from all outlets pending lab results; refunds open.",
        at=opened + timedelta(hours=3, minutes=10),
    )


def _clear_demo(session: Any) -> None:
    """Remove a previously loaded demo so loading it again does not double it."""
    demo_sources = list(
        session.scalars(select(Source.id).where(Source.options["demo"].as_boolean()))
    )
    if not demo_sources:
        return
    from warroom.store.models import (
        Alert,
        ContactEvent,
        Incident,
        MessageSent,
        PinnedMention,
        StepTick,
        TimelineEntry,
        VolumeBucket,
    )

    session.execute(delete(Alert))  # the demo's alerts (alerts have no source)
    demo_incidents = list(
        session.scalars(select(Incident.id).where(Incident.title.like(f"%{PRODUCT}%")))
    )
    for model in (TimelineEntry, PinnedMention, StepTick, MessageSent, ContactEvent):
        session.execute(delete(model).where(model.incident_id.in_(demo_incidents)))
    session.execute(delete(Incident).where(Incident.id.in_(demo_incidents)))
    session.execute(delete(Contact).where(Contact.notes == "demo"))
    from sqlalchemy import text

    session.execute(delete(VolumeBucket).where(VolumeBucket.source_id.in_(demo_sources)))
    session.execute(delete(Mention).where(Mention.source_id.in_(demo_sources)))
    session.execute(delete(Source).where(Source.id.in_(demo_sources)))
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("INSERT INTO mentions_fts(mentions_fts) VALUES ('rebuild')"))
    session.query(Brand).filter(Brand.name == BRAND).delete()
