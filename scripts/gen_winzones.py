#!/usr/bin/env python3
"""Regenerate model/tzmap_data.c from CLDR's windowsZones.xml (Debian: unicode-cldr-core)."""
import sys
import xml.etree.ElementTree as ET

src = sys.argv[1] if len(sys.argv) > 1 else \
    '/usr/share/unicode/cldr/common/supplemental/windowsZones.xml'
m = {z.get('other'): z.get('type') for z in ET.parse(src).iter('mapZone')
     if z.get('territory') == '001'}
out = ['/* Windows time zone names (Outlook, Exchange) to IANA zones: the "001" (default',
       ' * territory) rows of Unicode CLDR 41 common/supplemental/windowsZones.xml, generated',
       ' * by scripts/gen_winzones.py from Debian\'s unicode-cldr-core. Do not edit by hand. */',
       '#include <stddef.h>', '', '#include "tzmap_data.h"', '',
       'const struct winzone winzones[] = {']
out += ['\t{ "%s", "%s" },' % (k, m[k]) for k in sorted(m)]
out += ['};', '', 'const size_t nwinzones = sizeof winzones / sizeof winzones[0];', '']
open('model/tzmap_data.c', 'w').write('\n'.join(out))
