<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ms" sourcelanguage="en">
<context>
    <name>ClocksStrip</name>
    <message>
        <source>%d d %d h</source>
        <translation>%d h %d j</translation>
    </message>
    <message>
        <source>%d h %s min</source>
        <translation>%d j %s min</translation>
    </message>
    <message>
        <source>%d min</source>
        <translation>%d min</translation>
    </message>
    <message>
        <source>%d s</source>
        <translation>%d s</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Akui</translation>
    </message>
    <message>
        <source>Acknowledge the incident (Ctrl+Alt+A)</source>
        <translation>Akui insiden (Ctrl+Alt+A)</translation>
    </message>
    <message>
        <source>Tier %d to acknowledge (else tier %d)</source>
        <translation>Peringkat %d perlu mengakui (jika tidak, peringkat %d)</translation>
    </message>
    <message>
        <source>Acknowledge within %d min</source>
        <translation>Akui dalam masa %d min</translation>
    </message>
    <message>
        <source>Holding statement within %d min</source>
        <translation>Kenyataan awal dalam masa %d min</translation>
    </message>
    <message>
        <source>⚠ %d overdue</source>
        <translation>⚠ %d lewat</translation>
    </message>
    <message>
        <source>⏱ %s in %s</source>
        <translation>⏱ %s dalam %s</translation>
    </message>
    <message>
        <source>All clocks met</source>
        <translation>Semua tempoh dipenuhi</translation>
    </message>
    <message>
        <source>%s — due %s UTC</source>
        <translation>%s — tamat %s UTC</translation>
    </message>
    <message>
        <source>✔ %s — met</source>
        <translation>✔ %s — dipenuhi</translation>
    </message>
    <message>
        <source>⚠ %s — due %s UTC, overdue</source>
        <translation>⚠ %s — tamat %s UTC, lewat</translation>
    </message>
    <message>
        <source>Overdue since %s UTC</source>
        <translation>Lewat sejak %s UTC</translation>
    </message>
</context>
<context>
    <name>ContactModel</name>
    <message>
        <source>Crisis team</source>
        <translation>Pasukan pengurusan krisis</translation>
    </message>
    <message>
        <source>Executives</source>
        <translation>Eksekutif</translation>
    </message>
    <message>
        <source>Legal</source>
        <translation>Undang-undang</translation>
    </message>
    <message>
        <source>PR</source>
        <translation>Perhubungan awam</translation>
    </message>
    <message>
        <source>Customer service</source>
        <translation>Khidmat pelanggan</translation>
    </message>
    <message>
        <source>Employees</source>
        <translation>Pekerja</translation>
    </message>
    <message>
        <source>Press</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>Regulators</source>
        <translation>Pengawal selia</translation>
    </message>
    <message>
        <source>Partners</source>
        <translation>Rakan kongsi</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Eskalasi</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Kumpulan</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Peranan</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-mel</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>Ketersediaan</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>Dihubungi</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Diakui</translation>
    </message>
</context>
<context>
    <name>ContactsPane</name>
    <message>
        <source>Search contacts</source>
        <translation>Cari kenalan</translation>
    </message>
    <message>
        <source>Contacted</source>
        <translation>Dihubungi</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Diakui</translation>
    </message>
    <message>
        <source>Import/Export</source>
        <translation>Import/Eksport</translation>
    </message>
    <message>
        <source>Import vCard or CSV…</source>
        <translation>Import vCard atau CSV…</translation>
    </message>
    <message>
        <source>Export as vCard…</source>
        <translation>Eksport sebagai vCard…</translation>
    </message>
    <message>
        <source>Export as CSV…</source>
        <translation>Eksport sebagai CSV…</translation>
    </message>
    <message>
        <source>contacted %s</source>
        <translation>dihubungi %s</translation>
    </message>
    <message>
        <source>not contacted</source>
        <translation>belum dihubungi</translation>
    </message>
    <message>
        <source>acknowledged %s</source>
        <translation>diakui %s</translation>
    </message>
    <message>
        <source>no acknowledgement</source>
        <translation>belum diakui</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kenalan</translation>
    </message>
    <message>
        <source>Import contacts</source>
        <translation>Import kenalan</translation>
    </message>
    <message>
        <source>Contacts (*.vcf *.vcard *.csv)</source>
        <translation>Kenalan (*.vcf *.vcard *.csv)</translation>
    </message>
    <message>
        <source>%d added, %d updated.</source>
        <translation>%d ditambah, %d dikemas kini.</translation>
    </message>
    <message>
        <source>Export contacts</source>
        <translation>Eksport kenalan</translation>
    </message>
    <message>
        <source>vCard (*.vcf)</source>
        <translation>vCard (*.vcf)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>CoverageDialog</name>
    <message>
        <source>Source</source>
        <translation>Sumber</translation>
    </message>
    <message>
        <source>Last fetch</source>
        <translation>Ambilan terakhir</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Sejam lalu</translation>
    </message>
    <message>
        <source>Usual</source>
        <translation>Biasa</translation>
    </message>
    <message>
        <source>Budget left</source>
        <translation>Baki kuota</translation>
    </message>
    <message>
        <source>Gaps (24 h)</source>
        <translation>Jurang (24 j)</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Ralat</translation>
    </message>
    <message>
        <source>Source coverage</source>
        <translation>Liputan sumber</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Segar semula</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>never</source>
        <translation>tidak pernah</translation>
    </message>
    <message>
        <source>%d min ago</source>
        <translation>%d min lalu</translation>
    </message>
    <message>
        <source>%d h ago</source>
        <translation>%d jam lalu</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>tidak diketahui</translation>
    </message>
    <message>
        <source>%s/h</source>
        <translation>%s/jam</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>tiada data</translation>
    </message>
    <message>
        <source>%d calls, resets %s UTC</source>
        <translation>%d panggilan, ditetapkan semula %s UTC</translation>
    </message>
    <message>
        <source>%d calls</source>
        <translation>%d panggilan</translation>
    </message>
    <message>
        <source>none</source>
        <translation>tiada</translation>
    </message>
    <message>
        <source>%d failed polls: %s</source>
        <translation>%d tinjauan gagal: %s</translation>
    </message>
    <message>
        <source>(disabled)</source>
        <translation>(dilumpuhkan)</translation>
    </message>
    <message>
        <source>No polled sources. Add one under File → Sources…</source>
        <translation>Tiada sumber yang ditinjau. Tambah satu di Fail → Sumber…</translation>
    </message>
    <message>
        <source>%d of %d sources need attention: gaps, errors or far below their usual rate.</source>
        <translation>%d daripada %d sumber perlu perhatian: jurang, ralat atau jauh di bawah kadar biasa.</translation>
    </message>
    <message>
        <source>Every source is delivering at its usual rate.</source>
        <translation>Setiap sumber menghantar pada kadar biasanya.</translation>
    </message>
</context>
<context>
    <name>DebriefDialog</name>
    <message>
        <source>Drill debrief</source>
        <translation>Taklimat latihan</translation>
    </message>
    <message>
        <source>DRILL — NOT A REAL INCIDENT</source>
        <translation>LATIHAN — BUKAN INSIDEN SEBENAR</translation>
    </message>
    <message>
        <source>Score: %d / 100</source>
        <translation>Skor: %d / 100</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Ukuran</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Keputusan</translation>
    </message>
    <message>
        <source>First spike → detection</source>
        <translation>Lonjakan pertama → pengesanan</translation>
    </message>
    <message>
        <source>First spike → acknowledgement</source>
        <translation>Lonjakan pertama → pengakuan</translation>
    </message>
    <message>
        <source>First spike → approved holding statement</source>
        <translation>Lonjakan pertama → kenyataan awal yang diluluskan</translation>
    </message>
    <message>
        <source>First spike → stage %s</source>
        <translation>Lonjakan pertama → peringkat %s</translation>
    </message>
    <message>
        <source>Checklist steps</source>
        <translation>Langkah senarai semak</translation>
    </message>
    <message>
        <source>%d on time, %d late, %d missed</source>
        <translation>%d tepat masa, %d lewat, %d terlepas</translation>
    </message>
    <message>
        <source>Messages sent without approval</source>
        <translation>Mesej dihantar tanpa kelulusan</translation>
    </message>
    <message>
        <source>Response clocks breached</source>
        <translation>Tempoh tindak balas dilanggar</translation>
    </message>
    <message>
        <source>First-tier contacts not reached</source>
        <translation>Kenalan peringkat pertama tidak dihubungi</translation>
    </message>
    <message>
        <source>%d of %d</source>
        <translation>%d daripada %d</translation>
    </message>
    <message>
        <source>Previous drills of this scenario</source>
        <translation>Latihan terdahulu bagi senario ini</translation>
    </message>
    <message>
        <source>Team actions were scripted (a demonstration).</source>
        <translation>Tindakan pasukan telah diskripkan (satu demonstrasi).</translation>
    </message>
    <message>
        <source>Save debrief &amp;PDF…</source>
        <translation>Simpan &amp;PDF taklimat…</translation>
    </message>
    <message>
        <source>not reached</source>
        <translation>tidak dicapai</translation>
    </message>
    <message>
        <source>%s min</source>
        <translation>%s min</translation>
    </message>
    <message>
        <source>Save the drill debrief</source>
        <translation>Simpan taklimat latihan</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>DrillBar</name>
    <message>
        <source>DRILL — NOT A REAL INCIDENT</source>
        <translation>LATIHAN — BUKAN INSIDEN SEBENAR</translation>
    </message>
    <message>
        <source>Inject…</source>
        <translation>Suntik…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Jeda</translation>
    </message>
    <message>
        <source>End drill</source>
        <translation>Tamatkan latihan</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Sambung</translation>
    </message>
    <message>
        <source>scenario minute %d of %d</source>
        <translation>minit senario %d daripada %d</translation>
    </message>
    <message>
        <source>replay over (%d min): end the drill for the debrief</source>
        <translation>main semula tamat (%d min): tamatkan latihan untuk taklimat</translation>
    </message>
</context>
<context>
    <name>DrillController</name>
    <message>
        <source>End the drill</source>
        <translation>Tamatkan latihan</translation>
    </message>
    <message>
        <source>End the drill now and see the debrief?</source>
        <translation>Tamatkan latihan sekarang dan lihat taklimat?</translation>
    </message>
</context>
<context>
    <name>DrillMode</name>
    <message>
        <source>&amp;Drill</source>
        <translation>&amp;Latihan</translation>
    </message>
    <message>
        <source>&amp;Start a drill…</source>
        <translation>&amp;Mulakan latihan…</translation>
    </message>
    <message>
        <source>Drill &amp;history…</source>
        <translation>&amp;Sejarah latihan…</translation>
    </message>
    <message>
        <source>Preparing the drill store…</source>
        <translation>Menyediakan stor latihan…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Drill</source>
        <translation>Latihan</translation>
    </message>
    <message>
        <source>DRILL — Warroom</source>
        <translation>LATIHAN — Warroom</translation>
    </message>
    <message>
        <source>&amp;Inject an event…</source>
        <translation>&amp;Suntik satu peristiwa…</translation>
    </message>
    <message>
        <source>&amp;Pause or resume</source>
        <translation>&amp;Jeda atau sambung</translation>
    </message>
    <message>
        <source>&amp;End the drill</source>
        <translation>&amp;Tamatkan latihan</translation>
    </message>
    <message>
        <source>Drill history</source>
        <translation>Sejarah latihan</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Bermula</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Senario</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Kelajuan</translation>
    </message>
    <message>
        <source>Detection</source>
        <translation>Pengesanan</translation>
    </message>
    <message>
        <source>Acknowledgement</source>
        <translation>Pengakuan</translation>
    </message>
    <message>
        <source>Holding statement</source>
        <translation>Kenyataan awal</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Skor</translation>
    </message>
    <message>
        <source>not reached</source>
        <translation>tidak dicapai</translation>
    </message>
    <message>
        <source>%s min</source>
        <translation>%s min</translation>
    </message>
    <message>
        <source>(scripted)</source>
        <translation>(berskrip)</translation>
    </message>
    <message>
        <source>No drills yet: Drill ▸ Start a drill…</source>
        <translation>Belum ada latihan: Latihan ▸ Mulakan latihan…</translation>
    </message>
</context>
<context>
    <name>EscalationBanner</name>
    <message>
        <source>everyone reached</source>
        <translation>semua telah dihubungi</translation>
    </message>
    <message>
        <source>and %d more</source>
        <translation>dan %d lagi</translation>
    </message>
    <message>
        <source>(%d tiers due)</source>
        <translation>(%d peringkat)</translation>
    </message>
    <message>
        <source>Escalate to tier %d: %s</source>
        <translation>Naikkan ke peringkat %d: %s</translation>
    </message>
</context>
<context>
    <name>FeedPane</name>
    <message>
        <source>Search mentions (Ctrl+F)</source>
        <translation>Cari sebutan (Ctrl+F)</translation>
    </message>
    <message>
        <source>All sentiment</source>
        <translation>Semua sentimen</translation>
    </message>
    <message>
        <source>Negative</source>
        <translation>Negatif</translation>
    </message>
    <message>
        <source>Neutral</source>
        <translation>Neutral</translation>
    </message>
    <message>
        <source>Positive</source>
        <translation>Positif</translation>
    </message>
    <message>
        <source>Severity ≥ </source>
        <translation>Keterukan ≥ </translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>Semua sumber</translation>
    </message>
    <message>
        <source>All languages</source>
        <translation>Semua bahasa</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>Sebarang status</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Baharu</translation>
    </message>
    <message>
        <source>Triaged</source>
        <translation>Ditriaj</translation>
    </message>
    <message>
        <source>Responding</source>
        <translation>Sedang dibalas</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Ignored</source>
        <translation>Diabaikan</translation>
    </message>
    <message>
        <source>Any risk term</source>
        <translation>Sebarang istilah risiko</translation>
    </message>
    <message>
        <source>Collapse copies</source>
        <translation>Gabungkan salinan</translation>
    </message>
    <message>
        <source>Show each cluster of near-duplicate mentions as one row</source>
        <translation>Tunjukkan setiap kelompok sebutan yang hampir serupa sebagai satu baris</translation>
    </message>
    <message>
        <source>Showing a time range chosen on the graph; click to clear</source>
        <translation>Menunjukkan julat masa yang dipilih pada graf; klik untuk mengosongkan</translation>
    </message>
    <message>
        <source>Select a mention to see it whole.</source>
        <translation>Pilih sebutan untuk melihatnya sepenuhnya.</translation>
    </message>
    <message>
        <source>Mark new</source>
        <translation>Tandakan baharu</translation>
    </message>
    <message>
        <source>Mark triaged</source>
        <translation>Tandakan ditriaj</translation>
    </message>
    <message>
        <source>Mark responding</source>
        <translation>Tandakan sedang dibalas</translation>
    </message>
    <message>
        <source>Mark resolved</source>
        <translation>Tandakan selesai</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Abaikan</translation>
    </message>
    <message>
        <source>Assign to…</source>
        <translation>Tugaskan kepada…</translation>
    </message>
    <message>
        <source>Tag…</source>
        <translation>Tag…</translation>
    </message>
    <message>
        <source>Pin to incident as evidence</source>
        <translation>Sematkan pada insiden sebagai bukti</translation>
    </message>
    <message>
        <source>Reply with approved template…</source>
        <translation>Balas dengan templat yang diluluskan…</translation>
    </message>
    <message>
        <source>Open link in browser</source>
        <translation>Buka pautan dalam pelayar</translation>
    </message>
    <message>
        <source>Show original…</source>
        <translation>Tunjuk asal…</translation>
    </message>
    <message>
        <source>Triage</source>
        <translation>Triaj</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Tugaskan</translation>
    </message>
    <message>
        <source>Assign the selected mentions to:</source>
        <translation>Tugaskan sebutan yang dipilih kepada:</translation>
    </message>
    <message>
        <source>(nobody)</source>
        <translation>(tiada sesiapa)</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>Tag the selected mentions:</source>
        <translation>Tag sebutan yang dipilih:</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>Sematkan</translation>
    </message>
    <message>
        <source>Open an incident first.</source>
        <translation>Buka insiden terlebih dahulu.</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>Balas</translation>
    </message>
    <message>
        <source>Select a mention while an incident is open.</source>
        <translation>Pilih sebutan semasa insiden dibuka.</translation>
    </message>
    <message>
        <source>Showing: %s; click to show all mentions</source>
        <translation>Menunjukkan: %s; klik untuk menunjukkan semua sebutan</translation>
    </message>
    <message>
        <source>%s+ mentions</source>
        <translation>%s+ sebutan</translation>
    </message>
    <message>
        <source>1 mention</source>
        <translation>1 sebutan</translation>
    </message>
    <message>
        <source>%s mentions</source>
        <translation>%s sebutan</translation>
    </message>
    <message>
        <source>Show original (Ctrl+U)</source>
        <translation>Tunjuk asal (Ctrl+U)</translation>
    </message>
    <message>
        <source>reach</source>
        <translation>jangkauan</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Keterukan</translation>
    </message>
    <message>
        <source>Risk terms</source>
        <translation>Istilah risiko</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>assigned to</source>
        <translation>ditugaskan kepada</translation>
    </message>
    <message>
        <source>tags</source>
        <translation>tag</translation>
    </message>
</context>
<context>
    <name>GlanceStrip</name>
    <message>
        <source>No open incident.</source>
        <translation>Tiada insiden terbuka.</translation>
    </message>
    <message>
        <source>No mentions stored yet.</source>
        <translation>Belum ada sebutan disimpan.</translation>
    </message>
    <message>
        <source>Not enough history before the last hour.</source>
        <translation>Sejarah sebelum sejam lepas tidak mencukupi.</translation>
    </message>
    <message>
        <source>No mention in the last hour has a sentiment score.</source>
        <translation>Tiada sebutan dalam sejam lepas yang mempunyai skor sentimen.</translation>
    </message>
    <message>
        <source>No public statement has been sent on this incident yet.</source>
        <translation>Belum ada kenyataan awam dihantar untuk insiden ini.</translation>
    </message>
    <message>
        <source>No crisis plan: no actions are due.</source>
        <translation>Tiada pelan krisis: tiada tindakan yang perlu dibuat.</translation>
    </message>
    <message>
        <source>Every action with a deadline is done.</source>
        <translation>Semua tindakan bertarikh akhir telah selesai.</translation>
    </message>
    <message>
        <source>Not computed yet.</source>
        <translation>Belum dikira.</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Tahap</translation>
    </message>
    <message>
        <source>Last 15 min</source>
        <translation>15 min lepas</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Sejam lepas</translation>
    </message>
    <message>
        <source>Negative (1 h)</source>
        <translation>Negatif (1 j)</translation>
    </message>
    <message>
        <source>Since statement</source>
        <translation>Sejak kenyataan</translation>
    </message>
    <message>
        <source>Next action</source>
        <translation>Tindakan seterusnya</translation>
    </message>
    <message>
        <source>Open alerts</source>
        <translation>Amaran terbuka</translation>
    </message>
    <message>
        <source>rose in the last hour</source>
        <translation>naik dalam sejam lepas</translation>
    </message>
    <message>
        <source>fell in the last hour</source>
        <translation>turun dalam sejam lepas</translation>
    </message>
    <message>
        <source>steady over the last hour</source>
        <translation>stabil sepanjang sejam lepas</translation>
    </message>
    <message>
        <source>Incident level %d of 5, %s. Click: high-severity mentions.</source>
        <translation>Tahap insiden %d daripada 5, %s. Klik: sebutan berketerukan tinggi.</translation>
    </message>
    <message>
        <source>%d mentions. Usual rate unknown: %s</source>
        <translation>%d sebutan. Kadar biasa tidak diketahui: %s</translation>
    </message>
    <message>
        <source>%d mentions; usually %.1f in that time (the day before).</source>
        <translation>%d sebutan; biasanya %.1f dalam tempoh itu (hari sebelumnya).</translation>
    </message>
    <message>
        <source>%s · usual %s</source>
        <translation>%s · biasa %s</translation>
    </message>
    <message>
        <source>Click: those mentions.</source>
        <translation>Klik: sebutan tersebut.</translation>
    </message>
    <message>
        <source>%d%% of %d scored mentions in the last hour are negative.</source>
        <translation>%d%% daripada %d sebutan berskor dalam sejam lepas adalah negatif.</translation>
    </message>
    <message>
        <source>%d%% of %d scored mentions in the last hour are negative (%+d points on the hour before).</source>
        <translation>%d%% daripada %d sebutan berskor dalam sejam lepas adalah negatif (%+d mata berbanding sejam sebelumnya).</translation>
    </message>
    <message>
        <source>Click: negative mentions of the last hour.</source>
        <translation>Klik: sebutan negatif dalam sejam lepas.</translation>
    </message>
    <message>
        <source>Last public statement at %s UTC on %s. Click: mentions since then.</source>
        <translation>Kenyataan awam terakhir pada %s UTC di %s. Klik: sebutan sejak itu.</translation>
    </message>
    <message>
        <source>Tier %d</source>
        <translation>Peringkat %d</translation>
    </message>
    <message>
        <source>no owner</source>
        <translation>tiada pemilik</translation>
    </message>
    <message>
        <source>overdue %s</source>
        <translation>lewat %s</translation>
    </message>
    <message>
        <source>in %s</source>
        <translation>dalam %s</translation>
    </message>
    <message>
        <source>(%d overdue in all)</source>
        <translation>(%d lewat kesemuanya)</translation>
    </message>
    <message>
        <source>Next due: %s — owner %s, due %s UTC%s. Click: untriaged mentions since the incident opened.</source>
        <translation>Tindakan seterusnya: %s — pemilik %s, tamat tempoh %s UTC%s. Klik: sebutan belum ditriaj sejak insiden dibuka.</translation>
    </message>
    <message>
        <source>%d alerts not acknowledged. Click: mentions since the first of them.</source>
        <translation>%d amaran belum diakui. Klik: sebutan sejak amaran pertama.</translation>
    </message>
</context>
<context>
    <name>GraphPane</name>
    <message>
        <source>per minute</source>
        <translation>setiap minit</translation>
    </message>
    <message>
        <source>per 15 min</source>
        <translation>setiap 15 min</translation>
    </message>
    <message>
        <source>per hour</source>
        <translation>setiap jam</translation>
    </message>
    <message>
        <source>Select range</source>
        <translation>Pilih julat</translation>
    </message>
    <message>
        <source>Drag the shaded range to filter the feed to that time</source>
        <translation>Seret julat berlorek untuk menapis suapan mengikut masa itu</translation>
    </message>
    <message>
        <source>Loading graph…</source>
        <translation>Memuatkan graf…</translation>
    </message>
    <message>
        <source>Mean severity</source>
        <translation>Purata keterukan</translation>
    </message>
    <message>
        <source>▼ negative  ● neutral  ▲ positive  — mean severity   ·   negative share {share:.0%}   ·   peak {peak} at {at}</source>
        <translation>▼ negatif  ● neutral  ▲ positif  — purata keterukan   ·   bahagian negatif {share:.0%}   ·   puncak {peak} pada {at}</translation>
    </message>
    <message>
        <source>Mentions %s</source>
        <translation>Sebutan %s</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Insiden</translation>
    </message>
    <message>
        <source>From a few hours before the incident&apos;s first alert to now (Ctrl+9)</source>
        <translation>Dari beberapa jam sebelum amaran pertama insiden hingga kini (Ctrl+9)</translation>
    </message>
    <message>
        <source>Fit all</source>
        <translation>Semua</translation>
    </message>
    <message>
        <source>Show the whole history (Ctrl+0)</source>
        <translation>Tunjuk seluruh sejarah (Ctrl+0)</translation>
    </message>
    <message>
        <source>No mentions yet.</source>
        <translation>Belum ada sebutan.</translation>
    </message>
    <message>
        <source>   ·   grey: a source was down (no data)</source>
        <translation>   ·   kelabu: sumber terputus (tiada data)</translation>
    </message>
    <message>
        <source>No data: a source was down</source>
        <translation>Tiada data: sumber terputus</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Dibuka</translation>
    </message>
    <message>
        <source>%s alerts</source>
        <translation>%s amaran</translation>
    </message>
    <message>
        <source>mention spike</source>
        <translation>lonjakan sebutan</translation>
    </message>
    <message>
        <source>negative surge</source>
        <translation>lonjakan negatif</translation>
    </message>
    <message>
        <source>level rise</source>
        <translation>tahap naik</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import mentions</source>
        <translation>Import sebutan</translation>
    </message>
    <message>
        <source>export.csv or export.jsonl</source>
        <translation>export.csv atau export.jsonl</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Semak imbas…</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>&amp;Cancel import</source>
        <translation>&amp;Batalkan import</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fail</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Lajur</translation>
    </message>
    <message>
        <source>Exports (*.csv *.jsonl *.ndjson);;All files (*)</source>
        <translation>Eksport (*.csv *.jsonl *.ndjson);;Semua fail (*)</translation>
    </message>
    <message>
        <source>Write columns as field=Column, not %s</source>
        <translation>Tulis lajur sebagai medan=Lajur, bukan %s</translation>
    </message>
    <message>
        <source>No such file: %s</source>
        <translation>Fail tidak wujud: %s</translation>
    </message>
    <message>
        <source>Importing %s…</source>
        <translation>Mengimport %s…</translation>
    </message>
    <message>
        <source>Cancelling: removing what was imported…</source>
        <translation>Membatalkan: membuang apa yang telah diimport…</translation>
    </message>
    <message>
        <source>Import cancelled; nothing was kept.</source>
        <translation>Import dibatalkan; tiada apa-apa disimpan.</translation>
    </message>
    <message>
        <source>Imported %d new mentions from %d records.</source>
        <translation>%d sebutan baharu diimport daripada %d rekod.</translation>
    </message>
    <message>
        <source>%d rows skipped, first: %s</source>
        <translation>%d baris dilangkau, yang pertama: %s</translation>
    </message>
</context>
<context>
    <name>IncidentBar</name>
    <message>
        <source>Low</source>
        <translation>Rendah</translation>
    </message>
    <message>
        <source>Guarded</source>
        <translation>Berwaspada</translation>
    </message>
    <message>
        <source>Elevated</source>
        <translation>Meningkat</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Tinggi</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritikal</translation>
    </message>
    <message>
        <source>Dismiss the alert</source>
        <translation>Tutup amaran</translation>
    </message>
    <message>
        <source>No open incident</source>
        <translation>Tiada insiden dibuka</translation>
    </message>
    <message>
        <source>Monitoring</source>
        <translation>Pemantauan</translation>
    </message>
    <message>
        <source>Stage: %s</source>
        <translation>Peringkat: %s</translation>
    </message>
    <message>
        <source>Level %d — %s</source>
        <translation>Tahap %d — %s</translation>
    </message>
    <message>
        <source>Open %s</source>
        <translation>Dibuka %s</translation>
    </message>
</context>
<context>
    <name>IncidentDialog</name>
    <message>
        <source>Open an incident</source>
        <translation>Buka insiden</translation>
    </message>
    <message>
        <source>(no scenario)</source>
        <translation>(tiada senario)</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Tajuk</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Senario</translation>
    </message>
    <message>
        <source>Crisis type</source>
        <translation>Jenis krisis</translation>
    </message>
    <message>
        <source>Severity level</source>
        <translation>Tahap keterukan</translation>
    </message>
    <message>
        <source>Open incident</source>
        <translation>Buka insiden</translation>
    </message>
</context>
<context>
    <name>InjectDialog</name>
    <message>
        <source>A journalist&apos;s call</source>
        <translation>Panggilan wartawan</translation>
    </message>
    <message>
        <source>A leaked document</source>
        <translation>Dokumen yang bocor</translation>
    </message>
    <message>
        <source>A spike on a new risk term</source>
        <translation>Lonjakan pada istilah risiko baharu</translation>
    </message>
    <message>
        <source>A facilitator&apos;s note</source>
        <translation>Catatan fasilitator</translation>
    </message>
    <message>
        <source>Inject an event</source>
        <translation>Suntik satu peristiwa</translation>
    </message>
    <message>
        <source>What happens, as the team would hear of it</source>
        <translation>Apa yang berlaku, seperti yang akan didengar oleh pasukan</translation>
    </message>
    <message>
        <source>the new risk term, e.g. lipas</source>
        <translation>istilah risiko baharu, cth. lipas</translation>
    </message>
    <message>
        <source> mentions</source>
        <translation> sebutan</translation>
    </message>
    <message>
        <source>&amp;Event:</source>
        <translation>&amp;Peristiwa:</translation>
    </message>
    <message>
        <source>&amp;What happens:</source>
        <translation>&amp;Apa yang berlaku:</translation>
    </message>
    <message>
        <source>Risk &amp;term:</source>
        <translation>&amp;Istilah risiko:</translation>
    </message>
    <message>
        <source>&amp;Burst:</source>
        <translation>&amp;Lonjakan:</translation>
    </message>
    <message>
        <source>&amp;Inject</source>
        <translation>&amp;Suntik</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Warroom</source>
        <translation>Warroom</translation>
    </message>
    <message>
        <source>Incident</source>
        <translation>Insiden</translation>
    </message>
    <message>
        <source>Mention feed</source>
        <translation>Suapan sebutan</translation>
    </message>
    <message>
        <source>Severity graph</source>
        <translation>Graf keterukan</translation>
    </message>
    <message>
        <source>Scenario plan</source>
        <translation>Pelan senario</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>Kenalan</translation>
    </message>
    <message>
        <source>Decision log</source>
        <translation>Log keputusan</translation>
    </message>
    <message>
        <source>At a glance</source>
        <translation>Sepintas lalu</translation>
    </message>
    <message>
        <source>Top narratives</source>
        <translation>Naratif utama</translation>
    </message>
    <message>
        <source>Source &amp;coverage…</source>
        <translation>&amp;Liputan sumber…</translation>
    </message>
    <message>
        <source>&amp;Acknowledge the incident</source>
        <translation>&amp;Akui insiden</translation>
    </message>
    <message>
        <source>&amp;Recovery tracker…</source>
        <translation>Penjejak &amp;pemulihan…</translation>
    </message>
    <message>
        <source>Recovery tracker</source>
        <translation>Penjejak pemulihan</translation>
    </message>
    <message>
        <source>No open incident.</source>
        <translation>Tiada insiden terbuka.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fail</translation>
    </message>
    <message>
        <source>Load &amp;demo crisis</source>
        <translation>Muatkan krisis &amp;demo</translation>
    </message>
    <message>
        <source>&amp;Import plan file…</source>
        <translation>&amp;Import fail pelan…</translation>
    </message>
    <message>
        <source>Import &amp;mentions…</source>
        <translation>Import se&amp;butan…</translation>
    </message>
    <message>
        <source>&amp;Sources…</source>
        <translation>&amp;Sumber…</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Tetapan…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Paparan</translation>
    </message>
    <message>
        <source>&amp;Find in feed</source>
        <translation>&amp;Cari dalam suapan</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Muat semula</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation>Set semula &amp;susun atur</translation>
    </message>
    <message>
        <source>&amp;Wall mode (projector)</source>
        <translation>Mod &amp;dinding (projektor)</translation>
    </message>
    <message>
        <source>&amp;Incident</source>
        <translation>&amp;Insiden</translation>
    </message>
    <message>
        <source>&amp;Open an incident…</source>
        <translation>&amp;Buka insiden…</translation>
    </message>
    <message>
        <source>Add a &amp;note…</source>
        <translation>Tambah &amp;nota…</translation>
    </message>
    <message>
        <source>&amp;Next stage</source>
        <translation>&amp;Peringkat seterusnya</translation>
    </message>
    <message>
        <source>Severity &amp;up</source>
        <translation>Naikkan &amp;keterukan</translation>
    </message>
    <message>
        <source>Severity &amp;down</source>
        <translation>T&amp;urunkan keterukan</translation>
    </message>
    <message>
        <source>&amp;Close the incident</source>
        <translation>&amp;Tutup insiden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Bantuan</translation>
    </message>
    <message>
        <source>&amp;About Warroom</source>
        <translation>&amp;Perihal Warroom</translation>
    </message>
    <message>
        <source>Loading the demo crisis…</source>
        <translation>Memuatkan krisis demo…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Import crisis plan</source>
        <translation>Import pelan krisis</translation>
    </message>
    <message>
        <source>Plan files (*.yaml *.yml);;All files (*)</source>
        <translation>Fail pelan (*.yaml *.yml);;Semua fail (*)</translation>
    </message>
    <message>
        <source>Raise incident to level %d</source>
        <translation>Naikkan insiden ke tahap %d</translation>
    </message>
    <message>
        <source>Open incident: %s</source>
        <translation>Buka insiden: %s</translation>
    </message>
    <message>
        <source>Show in decision log</source>
        <translation>Tunjukkan dalam log keputusan</translation>
    </message>
    <message>
        <source>Warroom alert</source>
        <translation>Amaran Warroom</translation>
    </message>
    <message>
        <source>Close the incident</source>
        <translation>Tutup insiden</translation>
    </message>
    <message>
        <source>Close the incident? Its decision log stays, and you can still export its report.</source>
        <translation>Tutup insiden ini? Log keputusannya kekal, dan anda masih boleh mengeksport laporannya.</translation>
    </message>
    <message>
        <source>Severity ≥ %d</source>
        <translation>Keterukan ≥ %d</translation>
    </message>
    <message>
        <source>About Warroom</source>
        <translation>Perihal Warroom</translation>
    </message>
    <message>
        <source>Warroom %s — a crisis war room for brand teams.</source>
        <translation>Warroom %s — bilik gerakan krisis untuk pasukan jenama.</translation>
    </message>
</context>
<context>
    <name>MentionModel</name>
    <message>
        <source>Time</source>
        <translation>Masa</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Sumber</translation>
    </message>
    <message>
        <source>Author (reach)</source>
        <translation>Penulis (jangkauan)</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>Lang</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Sentiment</source>
        <translation>Sentimen</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Keterukan</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>▼ negative</source>
        <translation>▼ negatif</translation>
    </message>
    <message>
        <source>● neutral</source>
        <translation>● neutral</translation>
    </message>
    <message>
        <source>▲ positive</source>
        <translation>▲ positif</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>kritikal</translation>
    </message>
    <message>
        <source>high</source>
        <translation>tinggi</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>sederhana</translation>
    </message>
    <message>
        <source>low</source>
        <translation>rendah</translation>
    </message>
    <message>
        <source>new</source>
        <translation>baharu</translation>
    </message>
    <message>
        <source>triaged</source>
        <translation>ditriaj</translation>
    </message>
    <message>
        <source>responding</source>
        <translation>sedang dibalas</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>selesai</translation>
    </message>
    <message>
        <source>ignored</source>
        <translation>diabaikan</translation>
    </message>
</context>
<context>
    <name>MessagePanel</name>
    <message>
        <source>APPROVED</source>
        <translation>DILULUSKAN</translation>
    </message>
    <message>
        <source>WAITING FOR APPROVAL</source>
        <translation>MENUNGGU KELULUSAN</translation>
    </message>
    <message>
        <source>REJECTED</source>
        <translation>DITOLAK</translation>
    </message>
    <message>
        <source>APPROVAL EXPIRED</source>
        <translation>KELULUSAN TAMAT TEMPOH</translation>
    </message>
    <message>
        <source>CHANGED SINCE APPROVAL</source>
        <translation>DIUBAH SELEPAS KELULUSAN</translation>
    </message>
    <message>
        <source>DRAFT — NOT APPROVED</source>
        <translation>DRAF — BELUM DILULUSKAN</translation>
    </message>
    <message>
        <source>characters</source>
        <translation>aksara</translation>
    </message>
    <message>
        <source>graphemes</source>
        <translation>grafem</translation>
    </message>
    <message>
        <source>GSM-7 characters</source>
        <translation>aksara GSM-7</translation>
    </message>
    <message>
        <source>UCS-2 characters</source>
        <translation>aksara UCS-2</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>Copy the filled message (Ctrl+Shift+C)</source>
        <translation>Salin mesej yang telah diisi (Ctrl+Shift+C)</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Hantar</translation>
    </message>
    <message>
        <source>Approve…</source>
        <translation>Luluskan…</translation>
    </message>
    <message>
        <source>Reject…</source>
        <translation>Tolak…</translation>
    </message>
    <message>
        <source>Edit template…</source>
        <translation>Sunting templat…</translation>
    </message>
    <message>
        <source>Select a draft message</source>
        <translation>Pilih draf mesej</translation>
    </message>
    <message>
        <source> by %s</source>
        <translation> oleh %s</translation>
    </message>
    <message>
        <source> until %s</source>
        <translation> hingga %s</translation>
    </message>
    <message>
        <source>%d characters</source>
        <translation>%d aksara</translation>
    </message>
    <message>
        <source>Not approved</source>
        <translation>Belum diluluskan</translation>
    </message>
    <message>
        <source>This message is not approved (%s). Copy it anyway?</source>
        <translation>Mesej ini belum diluluskan (%s). Salin juga?</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Kelulusan</translation>
    </message>
    <message>
        <source>Approve message</source>
        <translation>Luluskan mesej</translation>
    </message>
    <message>
        <source>Approved by</source>
        <translation>Diluluskan oleh</translation>
    </message>
    <message>
        <source>Reject message</source>
        <translation>Tolak mesej</translation>
    </message>
    <message>
        <source>Rejected by</source>
        <translation>Ditolak oleh</translation>
    </message>
    <message>
        <source>Edit template</source>
        <translation>Sunting templat</translation>
    </message>
    <message>
        <source>Saving a change returns an approved message to draft.</source>
        <translation>Menyimpan perubahan akan mengembalikan mesej yang diluluskan kepada draf.</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Ulasan</translation>
    </message>
</context>
<context>
    <name>NarrativesPanel</name>
    <message>
        <source>No narratives yet: no repeated story in the last day.</source>
        <translation>Belum ada naratif: tiada cerita berulang dalam sehari lepas.</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>negatif</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>positif</translation>
    </message>
    <message>
        <source>neutral</source>
        <translation>neutral</translation>
    </message>
    <message>
        <source>×%d %s · %d in the last hour · %s</source>
        <translation>×%d %s · %d dalam sejam lepas · %s</translation>
    </message>
    <message>
        <source>%d mentions between %s and %s UTC (%d in the last hour, %d the hour before); mean sentiment %s.
Click to show them in the feed.

%s — %s</source>
        <translation>%d sebutan antara %s dan %s UTC (%d dalam sejam lepas, %d sejam sebelumnya); purata sentimen %s.
Klik untuk menunjukkannya dalam suapan.

%s — %s</translation>
    </message>
    <message>
        <source>Narrative: %s</source>
        <translation>Naratif: %s</translation>
    </message>
</context>
<context>
    <name>OriginalDialog</name>
    <message>
        <source>Original from %s</source>
        <translation>Asal daripada %s</translation>
    </message>
    <message>
        <source>Stored text:</source>
        <translation>Teks tersimpan:</translation>
    </message>
    <message>
        <source>As the source sent it:</source>
        <translation>Seperti yang dihantar oleh sumber:</translation>
    </message>
    <message>
        <source>No original payload was kept for this mention.</source>
        <translation>Tiada muatan asal disimpan untuk sebutan ini.</translation>
    </message>
    <message>
        <source>&amp;Copy original</source>
        <translation>&amp;Salin asal</translation>
    </message>
</context>
<context>
    <name>PlanEditor</name>
    <message>
        <source>Edit crisis plan</source>
        <translation>Sunting pelan krisis</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Kunci</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Peringkat</translation>
    </message>
    <message>
        <source>Owner role</source>
        <translation>Peranan pemilik</translation>
    </message>
    <message>
        <source>Due (min)</source>
        <translation>Had masa (min)</translation>
    </message>
    <message>
        <source>Step (English)</source>
        <translation>Langkah (Inggeris)</translation>
    </message>
    <message>
        <source>Step (Malay)</source>
        <translation>Langkah (Melayu)</translation>
    </message>
    <message>
        <source>Purpose</source>
        <translation>Tujuan</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Saluran</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <source>Title (English)</source>
        <translation>Tajuk (Inggeris)</translation>
    </message>
    <message>
        <source>Title (Malay)</source>
        <translation>Tajuk (Melayu)</translation>
    </message>
    <message>
        <source>Approach (English)</source>
        <translation>Pendekatan (Inggeris)</translation>
    </message>
    <message>
        <source>Approach (Malay)</source>
        <translation>Pendekatan (Melayu)</translation>
    </message>
    <message>
        <source>Body (placeholders like {brand}, {hotline})</source>
        <translation>Kandungan (pemegang tempat seperti {brand}, {hotline})</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Senario</translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation>Senarai semak</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Mesej</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Tambah</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Buang</translation>
    </message>
    <message>
        <source>edited plan</source>
        <translation>pelan yang disunting</translation>
    </message>
</context>
<context>
    <name>PlanPane</name>
    <message>
        <source>Edit…</source>
        <translation>Sunting…</translation>
    </message>
    <message>
        <source>Edit this scenario&apos;s texts, checklist and messages</source>
        <translation>Sunting teks, senarai semak dan mesej senario ini</translation>
    </message>
    <message>
        <source>Draft messages</source>
        <translation>Draf mesej</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Saluran</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Criterion</source>
        <translation>Kriteria</translation>
    </message>
    <message>
        <source>Baseline band</source>
        <translation>Julat asas</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <source>Met on</source>
        <translation>Dipenuhi pada</translation>
    </message>
    <message>
        <source>Recovery tracker</source>
        <translation>Penjejak pemulihan</translation>
    </message>
    <message>
        <source>Back to normal</source>
        <translation>Kembali normal</translation>
    </message>
    <message>
        <source>What will the team do differently next time?</source>
        <translation>Apakah yang akan dilakukan pasukan secara berbeza lain kali?</translation>
    </message>
    <message>
        <source>Lessons learned</source>
        <translation>Pengajaran yang dipelajari</translation>
    </message>
    <message>
        <source>Post-crisis</source>
        <translation>Selepas krisis</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Write the changes on the timeline (Ctrl+S)</source>
        <translation>Tulis perubahan pada garis masa (Ctrl+S)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>No plan: no back-to-normal criteria to track.</source>
        <translation>Tiada pelan: tiada kriteria kembali normal untuk dijejak.</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>belum ada</translation>
    </message>
    <message>
        <source>Back to normal since %s.</source>
        <translation>Kembali normal sejak %s.</translation>
    </message>
    <message>
        <source>Not back to normal yet.</source>
        <translation>Belum kembali normal.</translation>
    </message>
    <message>
        <source>Baseline %s to %s · peak day %s · %s</source>
        <translation>Asas %s hingga %s · hari puncak %s · %s</translation>
    </message>
    <message>
        <source>not yet (%d of %d days)</source>
        <translation>belum (%d daripada %d hari)</translation>
    </message>
    <message>
        <source>unknown (too little baseline data)</source>
        <translation>tidak diketahui (data asas terlalu sedikit)</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>tiada data</translation>
    </message>
    <message>
        <source>Owner: %s</source>
        <translation>Pemilik: %s</translation>
    </message>
    <message>
        <source>What was done (marks the step done)</source>
        <translation>Apa yang telah dilakukan (menandakan langkah selesai)</translation>
    </message>
</context>
<context>
    <name>ReplyDialog</name>
    <message>
        <source>Reply with an approved template</source>
        <translation>Balas dengan templat yang diluluskan</translation>
    </message>
    <message>
        <source>Copy and log reply</source>
        <translation>Salin dan log balasan</translation>
    </message>
    <message>
        <source>No approved template for this scenario yet: approve one in the plan pane.</source>
        <translation>Belum ada templat yang diluluskan untuk senario ini: luluskan satu dalam panel pelan.</translation>
    </message>
</context>
<context>
    <name>ReportAction</name>
    <message>
        <source>Incident report</source>
        <translation>Laporan insiden</translation>
    </message>
    <message>
        <source>There is no incident to report on.</source>
        <translation>Tiada insiden untuk dilaporkan.</translation>
    </message>
    <message>
        <source>Export incident report</source>
        <translation>Eksport laporan insiden</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Fail PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Writing the incident report…</source>
        <translation>Menulis laporan insiden…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>&amp;Export incident report…</source>
        <translation>&amp;Eksport laporan insiden…</translation>
    </message>
    <message>
        <source>Write the current incident&apos;s report as a PDF</source>
        <translation>Tulis laporan insiden semasa sebagai PDF</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Tetapan</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Cerah</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Gelap</translation>
    </message>
    <message>
        <source>Wall (projector)</source>
        <translation>Dinding (projektor)</translation>
    </message>
    <message>
        <source>Mute the alert sound</source>
        <translation>Senyapkan bunyi amaran</translation>
    </message>
    <message>
        <source>Your name (on the timeline)</source>
        <translation>Nama anda (pada garis masa)</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Bahasa antara muka</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
</context>
<context>
    <name>SourcesDialog</name>
    <message>
        <source>Monitoring sources</source>
        <translation>Sumber pemantauan</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Kesihatan</translation>
    </message>
    <message>
        <source>Last success</source>
        <translation>Kejayaan terakhir</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Rate limit</source>
        <translation>Had kadar</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Ralat terakhir</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL asas</translation>
    </message>
    <message>
        <source>Query</source>
        <translation>Carian</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>Pilihan</translation>
    </message>
    <message>
        <source>Poll every</source>
        <translation>Tinjau setiap</translation>
    </message>
    <message>
        <source>&amp;Add source</source>
        <translation>&amp;Tambah sumber</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>&amp;Uji sambungan</translation>
    </message>
    <message>
        <source>Set &amp;secret…</source>
        <translation>Tetapkan &amp;rahsia…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Buang</translation>
    </message>
    <message>
        <source> (resets %s)</source>
        <translation> (set semula %s)</translation>
    </message>
    <message>
        <source>Options must look like key=value, not %s</source>
        <translation>Pilihan mesti dalam bentuk kunci=nilai, bukan %s</translation>
    </message>
    <message>
        <source>Select a source to test.</source>
        <translation>Pilih sumber untuk diuji.</translation>
    </message>
    <message>
        <source>Testing %s…</source>
        <translation>Menguji %s…</translation>
    </message>
    <message>
        <source>Select a source first.</source>
        <translation>Pilih sumber terlebih dahulu.</translation>
    </message>
    <message>
        <source>Secret</source>
        <translation>Rahsia</translation>
    </message>
    <message>
        <source>Token or password for %s (kept in the OS keyring):</source>
        <translation>Token atau kata laluan untuk %s (disimpan dalam gelang kunci OS):</translation>
    </message>
    <message>
        <source>The secret of %s is in the OS keyring.</source>
        <translation>Rahsia %s disimpan dalam gelang kunci OS.</translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation>Buang sumber</translation>
    </message>
    <message>
        <source>Remove %s and delete the mentions it fetched?</source>
        <translation>Buang %s dan padam sebutan yang diambilnya?</translation>
    </message>
</context>
<context>
    <name>StartDrillDialog</name>
    <message>
        <source>Start a drill</source>
        <translation>Mulakan latihan</translation>
    </message>
    <message>
        <source>A drill replays a crisis into a separate drill store: the real store and the team server are never touched. Live monitoring and team sync pause until the drill ends.</source>
        <translation>Latihan memainkan semula krisis ke dalam stor latihan yang berasingan: stor sebenar dan pelayan pasukan tidak disentuh langsung. Pemantauan langsung dan penyegerakan pasukan dijeda sehingga latihan tamat.</translation>
    </message>
    <message>
        <source>%s — %s, %s</source>
        <translation>%s — %s, %s</translation>
    </message>
    <message>
        <source>Past incident: %s</source>
        <translation>Insiden lalu: %s</translation>
    </message>
    <message>
        <source>Replay an exported &amp;file…</source>
        <translation>Main semula &amp;fail eksport…</translation>
    </message>
    <message>
        <source>%s× real time</source>
        <translation>%s× masa sebenar</translation>
    </message>
    <message>
        <source>Play the scenario&apos;s scripted team actions (a demonstration)</source>
        <translation>Mainkan tindakan pasukan berskrip senario (satu demonstrasi)</translation>
    </message>
    <message>
        <source>&amp;Speed:</source>
        <translation>&amp;Kelajuan:</translation>
    </message>
    <message>
        <source>Start &amp;drill</source>
        <translation>Mulakan &amp;latihan</translation>
    </message>
    <message>
        <source>Replay an exported mention file</source>
        <translation>Main semula fail sebutan yang dieksport</translation>
    </message>
    <message>
        <source>Mention exports (*.jsonl *.ndjson *.json *.csv);;All files (*)</source>
        <translation>Eksport sebutan (*.jsonl *.ndjson *.json *.csv);;Semua fail (*)</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>1 source</source>
        <translation>1 sumber</translation>
    </message>
    <message>
        <source>%d sources</source>
        <translation>%d sumber</translation>
    </message>
    <message>
        <source>%d healthy</source>
        <translation>%d sihat</translation>
    </message>
    <message>
        <source>%d failing: %s</source>
        <translation>%d gagal: %s</translation>
    </message>
    <message>
        <source>%d paused</source>
        <translation>%d dijeda</translation>
    </message>
    <message>
        <source>Last update %s</source>
        <translation>Kemas kini terakhir %s</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>Belum ada data</translation>
    </message>
    <message>
        <source>● Offline — working from the local store</source>
        <translation>● Luar talian — menggunakan storan tempatan</translation>
    </message>
    <message>
        <source>● Online</source>
        <translation>● Dalam talian</translation>
    </message>
    <message>
        <source>● Local store (no live sources)</source>
        <translation>● Storan tempatan (tiada sumber langsung)</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Team sync failed: %s</source>
        <translation>Penyegerakan pasukan gagal: %s</translation>
    </message>
    <message>
        <source>● Team sync failed</source>
        <translation>● Penyegerakan pasukan gagal</translation>
    </message>
    <message>
        <source>● Team offline since %s</source>
        <translation>● Pasukan di luar talian sejak %s</translation>
    </message>
    <message>
        <source>1 change waits</source>
        <translation>1 perubahan menunggu</translation>
    </message>
    <message>
        <source>%d changes wait</source>
        <translation>%d perubahan menunggu</translation>
    </message>
    <message>
        <source>● Team: synced %s</source>
        <translation>● Pasukan: disegerakkan %s</translation>
    </message>
    <message>
        <source>Team server %s</source>
        <translation>Pelayan pasukan %s</translation>
    </message>
    <message>
        <source>● Team: connecting…</source>
        <translation>● Pasukan: menyambung…</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>Time</source>
        <translation>Masa</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Siapa</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Apa</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Catatan</translation>
    </message>
</context>
<context>
    <name>TimelinePane</name>
    <message>
        <source>Write a note or decision and press Enter</source>
        <translation>Tulis nota atau keputusan dan tekan Enter</translation>
    </message>
    <message>
        <source>Correct selected…</source>
        <translation>Betulkan yang dipilih…</translation>
    </message>
    <message>
        <source>Entries are never edited: a correction is a new entry</source>
        <translation>Catatan tidak pernah disunting: pembetulan ialah catatan baharu</translation>
    </message>
    <message>
        <source>No open incident</source>
        <translation>Tiada insiden dibuka</translation>
    </message>
    <message>
        <source>✔ Decision log intact (hash chain verified)</source>
        <translation>✔ Log keputusan utuh (rantaian cincang disahkan)</translation>
    </message>
    <message>
        <source>✖ Decision log altered: %s</source>
        <translation>✖ Log keputusan telah diubah: %s</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Garis masa</translation>
    </message>
    <message>
        <source>Write the correction here, then press Correct again</source>
        <translation>Tulis pembetulan di sini, kemudian tekan Betulkan sekali lagi</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to Warroom</source>
        <translation>Selamat datang ke Warroom</translation>
    </message>
    <message>
        <source>This store is empty. Start with the demo crisis to see how the war room works, import your crisis plan, or connect a monitoring source.</source>
        <translation>Storan ini kosong. Mulakan dengan krisis demo untuk melihat cara bilik gerakan berfungsi, import pelan krisis anda, atau sambungkan sumber pemantauan.</translation>
    </message>
    <message>
        <source>Load the &amp;demo crisis</source>
        <translation>Muatkan krisis &amp;demo</translation>
    </message>
    <message>
        <source>&amp;Import a plan file…</source>
        <translation>&amp;Import fail pelan…</translation>
    </message>
    <message>
        <source>&amp;Add a monitoring source…</source>
        <translation>&amp;Tambah sumber pemantauan…</translation>
    </message>
    <message>
        <source>Start empty</source>
        <translation>Mula tanpa data</translation>
    </message>
</context>
</TS>
