#!/usr/bin/env python3
"""Deterministic CSV for the seed benchmark (issue 12).

Usage: gen_csv.py ROWS OUT.csv
       gen_csv.py --ddl TABLE

Writes a header and ROWS rows of 8 mixed-type columns shaped like real data (about 118 bytes
a row, so 1,000,000 rows is ~118 MB):

  id bigint (1..ROWS, the primary key), email text, name text (about 1 in 20 quoted because it
  holds a comma or a doubled quote, about 1 in 1000 holding a newline), qty integer (some
  negative), price numeric(12,2), active boolean (true/false), created_at timestamptz
  (ISO 8601 with offset), ref uuid.

--ddl TABLE prints the matching CREATE TABLE instead.
"""
import random
import sys
import unicodedata

COLUMNS = [
    ("id", "bigint PRIMARY KEY"),
    ("email", "text NOT NULL"),
    ("name", "text"),
    ("qty", "integer"),
    ("price", "numeric(12,2)"),
    ("active", "boolean"),
    ("created_at", "timestamptz"),
    ("ref", "uuid"),
]

FIRST = ["Anna", "Bob", "Chloé", "Dmitri", "Eve", "François", "Grace", "Hiro", "Ines",
         "Jürgen", "Kofi", "Lena", "Mateo", "Noor", "Olga", "Priya", "Quentin", "Rosa",
         "Sven", "Tomás", "Uma", "Viktor", "Wei", "Xena", "Yusuf", "Zoë"]
LAST = ["Smith", "Müller", "García", "Rossi", "Dubois", "Kowalski", "Novak", "Silva",
        "Jensen", "O'Brien", "Nakamura", "Okafor", "Ivanova", "Haddad", "Larsen", "Costa"]
ASCII = {n: unicodedata.normalize("NFKD", n).encode("ascii", "ignore").decode().lower()
         for n in FIRST}
DOMAINS = ["example.com", "mail.example", "corp.example", "test.example"]


def csv_quote(s):
    return '"' + s.replace('"', '""') + '"'


def name_field(rng, i):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    r = rng.random()
    if r < 0.001:  # a quoted newline (an address-like note)
        return csv_quote(f"{first} {last}\nc/o {rng.choice(LAST)}, floor {i % 9}")
    if r < 0.03:  # a comma: "Last, First"
        return csv_quote(f"{last}, {first}")
    if r < 0.05:  # a quote: nickname
        return csv_quote(f'{first} "{rng.choice(FIRST)}" {last}')
    if r < 0.06:
        return ""  # NULL
    return f"{first} {last}"


def rows(n, seed=12):
    rng = random.Random(seed)
    day0 = 1_600_000_000
    for i in range(1, n + 1):
        first = ASCII[rng.choice(FIRST)]
        email = f"{first}{rng.randrange(1000)}@{rng.choice(DOMAINS)}"
        qty = rng.randrange(-50, 1000)
        price = f"{rng.randrange(0, 1_000_000) / 100:.2f}"
        active = "true" if rng.random() < 0.7 else "false"
        t = day0 + rng.randrange(0, 100_000_000)
        # UTC timestamp without importing datetime per row: days + seconds.
        days, secs = divmod(t, 86400)
        created = f"{date_of(days)} {secs // 3600:02d}:{secs // 60 % 60:02d}:{secs % 60:02d}+00"
        h = f"{rng.getrandbits(128):032x}"
        ref = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"
        yield f"{i},{email},{name_field(rng, i)},{qty},{price},{active},{created},{ref}\n"


_DATES = {}


def date_of(days):
    d = _DATES.get(days)
    if d is None:
        import datetime
        d = (datetime.date(1970, 1, 1) + datetime.timedelta(days=days)).isoformat()
        _DATES[days] = d
    return d


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--ddl":
        body = ",\n  ".join(f"{c} {t}" for c, t in COLUMNS)
        print(f"CREATE TABLE {sys.argv[2]} (\n  {body}\n);")
        return
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
        out.write(",".join(c for c, _ in COLUMNS) + "\n")
        buf = []
        for line in rows(n):
            buf.append(line)
            if len(buf) >= 10000:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))


if __name__ == "__main__":
    main()
