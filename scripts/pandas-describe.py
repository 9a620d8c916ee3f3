# Expected statistics for a fixture, computed with pandas: the reference fluxo matches.
# usage: /usr/bin/python3 scripts/pandas-describe.py FILE [--sep ;] [--encoding latin1] [--decimal ,] [--thousands .]
import json, sys
import pandas as pd

args = sys.argv[2:]
opts = dict(zip(args[0::2], args[1::2]))
kw = {}
if '--sep' in opts: kw['sep'] = opts['--sep']
if '--encoding' in opts: kw['encoding'] = opts['--encoding']
if '--decimal' in opts: kw['decimal'] = opts['--decimal']
if '--thousands' in opts: kw['thousands'] = opts['--thousands']
df = pd.read_csv(sys.argv[1], **kw)
d = df.describe(include='all')
out = {'rows': int(len(df)), 'columns': []}
for name in df.columns:
    col = {'name': name, 'count': int(df[name].count()), 'missing': int(df[name].isna().sum())}
    for stat, key in [('unique', 'unique'), ('top', 'top'), ('freq', 'freq'), ('mean', 'mean'), ('std', 'std'), ('min', 'min'), ('25%', 'p25'), ('50%', 'p50'), ('75%', 'p75'), ('max', 'max')]:
        v = d[name].get(stat) if stat in d.index else None
        if v is None or (isinstance(v, float) and v != v):
            col[key] = None
        elif hasattr(v, 'item'):
            col[key] = v.item()
        else:
            col[key] = v if isinstance(v, (int, float, str, bool)) else str(v)
    out['columns'].append(col)
print(json.dumps(out, indent=1, ensure_ascii=False, default=str))
