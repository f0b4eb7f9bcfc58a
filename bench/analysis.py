"""Analysis benchmark: throughput of the whole per-mention analysis, and English fidelity.

Figures:
- analysis_throughput: texts/s of `score_mentions` (language, sentiment, risk
  terms, severity, clustering) over 100,000 generated mixed-language mentions
  of about 150 characters, using both cores (workers=2); reference: VADER
  alone (`polarity_scores`) on the same texts in one process, same run, in
  blocks alternating with the analysis's (each figure has its own reference).
- analysis_throughput_1proc: the same analysis in one process (workers=1).
- analysis_english_r: Pearson r of our English sentiment against the human
  mean ratings of VADER's 4,200 published tweets; reference: VADER's own r.

The corpus is built deterministically (seeded) from templates in English,
Malay, Indonesian, Chinese, Arabic and Tamil with brand, product, complaint,
praise and crisis-term slots, emoji, hashtags and URLs; one in eight
mentions is a copy (sometimes a retweet or a quote) of an earlier campaign
post, as in a copy-paste campaign.  Run: `python -m bench analysis`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

from bench.registry import Figure

N = 100_000
GROUND_TRUTH = (
    Path(__file__).resolve().parent.parent / "tests" / "data" / "vader" / "tweets_GroundTruth.txt"
)

BRANDS = ["KopiKita", "MakanMart", "TeleSatu", "BankNusa", "AirAsiaX", "GrabFood", "ShopLah"]
EN = [
    "Just tried the new {p} from {b} and honestly it was {adj_pos}. Staff were friendly and the queue moved fast! {e_pos}",
    "{b} customer service is {adj_neg}. Waited {n} minutes and nobody answered, I want a refund now!! {e_neg} #{b}",
    "Is it true that {b} had a data breach? My personal data was leaked and I got phishing emails today {e_neg}",
    "My kids got food poisoning after eating {p} at {b} yesterday. Never again, this is unsafe and disgusting.",
    "Not bad at all, the {p} at {b} is actually pretty good for the price. Would recommend to friends {e_pos}",
    "Why is {b} app down again? Outage for {n} hours, can't pay anything. So frustrating, fix it please {e_neg}",
    "Boycott {b} until they apologise for that racist staff video going viral. Absolutely unacceptable behaviour.",
    "Love the {p} from {b}, but delivery took {n} minutes and the packaging was broken. Kind of disappointed.",
    "{b} announced a recall of {p} batches due to a defect. Check your receipt and get your refund at the counter.",
    "Thank you {b} for the quick response and the replacement, really appreciate the great service today {e_pos}",
]
MS = [
    "Servis {b} memang teruk gila, tunggu {n} minit tak ada orang layan. Nak bayaran balik! {e_neg}",
    "{p} dari {b} sangat sedap, harga pun berpatutan. Memang best, terima kasih {b} {e_pos}",
    "Anak saya keracunan makanan lepas makan {p} kat {b} semalam. Tak selamat langsung, kena saman ni!",
    "Boikot {b}! Video pekerja tu perkauman dan biadab. Kami tak akan beli lagi sampai mereka mohon maaf.",
    "Data peribadi saya bocor lepas guna app {b}. Kebocoran data ni serius, siapa nak bertanggungjawab? {e_neg}",
    "Tak sangka {b} buat tarik balik {p} sebab rosak. Cepat tindakan, bagus juga cara mereka urus {e_pos}",
    "{b} jangan tipu pelanggan la. Promosi palsu, ini penipuan! Sgt kecewa dengan {b} hari ni #boikot{b}",
    "Terima kasih {b}, staf sangat mesra dan membantu. Pengalaman yang sangat memuaskan {e_pos}",
]
ID = [
    "Pelayanan {b} parah banget, udah nunggu {n} menit gak ada yang bantu. Kecewa berat deh {e_neg}",
    "{p} dari {b} enak banget, harganya juga murah. Mantap, pasti beli lagi! {e_pos}",
    "Anak saya keracunan makanan setelah makan {p} di {b}. Gak aman sama sekali, mau lapor ke polisi!",
    "Akun saya diretas setelah kebocoran data di {b}. Uang saya hilang, ini penipuan! Tolong dong {b}",
    "Makasih {b}, kurirnya ramah dan pengirimannya cepat sekali. Keren pelayanannya {e_pos}",
    "Kok {b} gak bisa dipakai dari pagi? Gangguan lagi, bikin kesel aja. Parah {e_neg}",
]
ZH = [
    "{b}的{p}太难吃了，服务态度也很差，等了{n}分钟都没人理。我要退款！",
    "昨天在{b}吃了{p}以后食物中毒了，太可怕了，大家小心！",
    "{b}的新{p}很好吃，价格也合理，推荐给大家 {e_pos}",
]
AR = [
    "خدمة {b} سيئة جدا، انتظرت {n} دقيقة ولم يرد أحد. أريد استرداد أموالي!",
    "منتج {p} من {b} رائع جدا وأنصح به الجميع {e_pos}",
]
TA = [
    "{b} சேவை மிகவும் மோசமானது, {n} நிமிடம் காத்திருந்தேன். பணத்தை திருப்பி தாருங்கள்!",
    "{b} {p} மிகவும் நன்றாக இருந்தது, நன்றி {e_pos}",
]
PRODUCTS = [
    "nasi lemak",
    "iced latte",
    "burger",
    "roti canai",
    "prepaid plan",
    "mobile app",
    "credit card",
]
ADJ_POS = ["amazing", "great", "really good", "excellent", "awesome"]
ADJ_NEG = ["terrible", "awful", "the worst", "so bad", "horrible"]
E_POS = ["😍", "👍", "😊", ":)", "🙏", ""]
E_NEG = ["😡", "😤", "👎", ":(", "😭", ""]
TAILS = {
    "en": [
        " Anyone else had the same experience this week?",
        " Posting this so others know before they go.",
        " Still waiting for a reply from their team.",
        " Will update this thread later tonight.",
    ],
    "ms": [
        " Ada sesiapa lagi kena macam ni minggu ni?",
        " Kongsi supaya orang lain tahu sebelum pergi.",
        " Masih tunggu jawapan dari pihak mereka.",
        " Nanti saya update lagi malam ni.",
    ],
    "id": [
        " Ada yang ngalamin hal yang sama minggu ini?",
        " Share biar yang lain tahu sebelum ke sana.",
        " Masih nunggu balasan dari tim mereka.",
        " Nanti aku update lagi malam ini.",
    ],
    "zh": ["大家有没有遇到同样的情况？", "分享出来让大家注意一下。"],
    "ar": [" هل حدث هذا لأحد آخر هذا الأسبوع؟", " أشارك هذا ليعرف الآخرون."],
    "ta": [" இந்த வாரம் வேறு யாருக்காவது இப்படி நடந்ததா?", " மற்றவர்கள் தெரிந்து கொள்ள பகிர்கிறேன்."],
}
MIX = [
    ("en", EN, 0.40),
    ("ms", MS, 0.25),
    ("id", ID, 0.20),
    ("zh", ZH, 0.06),
    ("ar", AR, 0.05),
    ("ta", TA, 0.04),
]


def corpus(n: int = N, seed: int = 4) -> list[dict[str, object]]:
    """`n` mentions as rows for score_mentions, built deterministically."""
    rnd = random.Random(seed)
    rows: list[dict[str, object]] = []
    campaign: list[str] = []
    weights = [w for _, _, w in MIX]
    for i in range(n):
        if campaign and rnd.random() < 0.125:
            base = rnd.choice(campaign)
            style = rnd.random()
            if style < 0.4:
                text = base
            elif style < 0.8:
                text = f"RT @user{rnd.randrange(1000)}: {base}"
            else:
                text = f"{rnd.choice(['So true!', 'This.', 'Spread this', 'Sebarkan!'])} {base}"
            lang = ""
        else:
            lang, templates, _ = rnd.choices(MIX, weights)[0]
            b = rnd.choice(BRANDS)
            text = rnd.choice(templates).format(
                b=b,
                p=rnd.choice(PRODUCTS),
                n=rnd.randrange(5, 120),
                adj_pos=rnd.choice(ADJ_POS),
                adj_neg=rnd.choice(ADJ_NEG),
                e_pos=rnd.choice(E_POS),
                e_neg=rnd.choice(E_NEG),
            )
            text += rnd.choice(TAILS[lang])
            if rnd.random() < 0.5:  # an order number or a time makes most posts unique
                text += f" #{rnd.randrange(10_000, 99_999)}"
            else:
                text += f" {rnd.randrange(1, 12)}:{rnd.randrange(60):02d}{rnd.choice(['am', 'pm'])}"
            if rnd.random() < 0.3:
                text += f" https://t.co/{rnd.getrandbits(40):x}"
            if rnd.random() < 0.02:
                campaign.append(text)
        rows.append(
            {
                "text": text,
                # about a third of services say the language
                "language": lang if rnd.random() < 0.3 else "",
                "author_reach": int(rnd.paretovariate(1.2) * 50),
                "engagement": int(rnd.paretovariate(1.5) * 3),
                "external_id": str(i),
            }
        )
    return rows


def _pearson(xs: list[float], ys: list[float]) -> float:
    import numpy as np

    return float(np.corrcoef(np.asarray(xs), np.asarray(ys))[0, 1])


def ground_truth() -> list[tuple[float, str]]:
    rows = []
    for line in GROUND_TRUTH.read_text(encoding="utf-8").splitlines():
        if line.strip():
            _id, mean, text = line.split("\t", 2)
            rows.append((float(mean), text))
    return rows


def figures() -> Iterator[Figure]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from warroom.analysis import pipeline
    from warroom.analysis.language import DEFAULT_LANGUAGES
    from warroom.analysis.sentiment import SentimentModel, model

    rows = corpus()
    texts = [str(r["text"]) for r in rows]
    print(
        f"corpus: {len(texts)} mentions, mean length {sum(map(len, texts)) / len(texts):.0f} chars"
    )

    # The machine is shared: VADER and the analysis run in alternating blocks of the same
    # texts, for each figure separately, so that background load falls on both alike.
    vader = SentimentIntensityAnalyzer()
    pipeline.score_mentions([dict(r) for r in rows[:10]], languages=DEFAULT_LANGUAGES)
    # start the worker processes (a backfill's one-time cost) outside the timing
    warm = corpus(5000, seed=99)
    pipeline.score_mentions(warm, languages=DEFAULT_LANGUAGES, workers=2)
    block = 25_000
    vader_time = {1: 0.0, 2: 0.0}
    ours_time = {1: 0.0, 2: 0.0}
    for workers in (1, 2):
        pipeline.reset_clusters()
        model().clear_caches()  # no help from an earlier run's repeated texts
        for start_at in range(0, len(rows), block):
            part = rows[start_at : start_at + block]
            t0 = time.perf_counter()
            for row in part:
                vader.polarity_scores(row["text"])
            vader_time[workers] += time.perf_counter() - t0
            work = [dict(r) for r in part]
            t0 = time.perf_counter()
            pipeline.score_mentions(work, languages=DEFAULT_LANGUAGES, workers=workers)
            ours_time[workers] += time.perf_counter() - t0
    vader_rate = {w: len(rows) / t for w, t in vader_time.items()}
    results = {w: len(rows) / t for w, t in ours_time.items()}
    yield Figure(
        "analysis_throughput",
        results[2],
        "texts/s",
        vader_rate[2],
        "texts/s VADER alone",
        f"{results[2] / vader_rate[2]:.2f}x VADER; 100k mixed-language mentions, "
        "language+sentiment+risk terms+severity+clusters, 2 processes",
    )
    yield Figure(
        "analysis_throughput_1proc",
        results[1],
        "texts/s",
        vader_rate[1],
        "texts/s VADER alone",
        f"{results[1] / vader_rate[1]:.2f}x VADER; same analysis in one process",
    )

    truth = ground_truth()
    humans = [m for m, _ in truth]
    ours = SentimentModel()
    mine = [ours.score(t, "en") or 0.0 for _, t in truth]
    theirs = [vader.polarity_scores(t)["compound"] for _, t in truth]
    yield Figure(
        "analysis_english_r",
        _pearson(mine, humans),
        "r",
        _pearson(theirs, humans),
        "r VADER",
        "Pearson r vs human mean, VADER's 4,200 tweets (tests/data/vader)",
    )
