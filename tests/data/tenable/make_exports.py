#!/usr/bin/python3
"""Write what Nessus Professional and Tenable.sc export as CSV for
interop.nessus, in the shapes of the real exports in
../shared/fixtures/real/formats/tenable-csv (their header rows, quoting and
date formats):

  interop-nessus.csv  Nessus Professional: a row per item and CVE (one with
                      an empty CVE when the item has none), informational
                      items included (Risk None), Host the ReportHost's name,
                      Risk the item's severity, dates dd/mm/yyyy; no patch
                      publication date (the export has no such column)
  interop-sc.csv      Tenable.sc: a row per item (plugin and port), every
                      field quoted, CVEs in one cell, IP Address, DNS Name,
                      "Patch Publication Date" and "Last Observed" as
                      "Mon D, YYYY HH:MM:SS UTC" ("N/A" for none)

Rows are sorted as the tools sort them (Nessus: host, then severity; Tenable.sc:
severity, then plugin), so one host's items are not always adjacent.

Usage: make_exports.py (in this folder); the outputs are committed.
"""
import csv
import datetime as dt
import xml.etree.ElementTree as ET

WORDS = ["None", "Low", "Medium", "High", "Critical"]
PRO = ("Plugin ID,CVE,CVSS v2.0 Base Score,Risk,Host,Protocol,Port,Name,Synopsis,"
       "Description,Solution,See Also,Plugin Output,STIG Severity,CVSS v4.0 Base "
       "Score,CVSS v4.0 Base+Threat Score,CVSS v3.0 Base Score,CVSS v2.0 Temporal "
       "Score,CVSS v3.0 Temporal Score,VPR Score,EPSS Score,Risk Factor,BID,XREF,"
       "MSKB,Plugin Publication Date,Plugin Modification Date,Metasploit,Core "
       "Impact,CANVAS").split(",")
SC = ["Plugin", "Plugin Name", "Family", "Severity", "IP Address", "Protocol", "Port",
      "Exploit?", "Repository", "MAC Address", "DNS Name", "NetBIOS Name",
      "Plugin Output", "Synopsis", "Description", "Solution", "See Also",
      "Risk Factor", "STIG Severity", "Vulnerability Priority Rating",
      "CVSS V2 Base Score", "CVSS V3 Base Score", "CVSS V2 Temporal Score",
      "CVSS V3 Temporal Score", "CVSS V2 Vector", "CVSS V3 Vector", "CPE", "CVE",
      "BID", "Cross References", "First Discovered", "Last Observed",
      "Vuln Publication Date", "Patch Publication Date", "Plugin Publication Date",
      "Plugin Modification Date", "Exploit Ease", "Exploit Frameworks", "Check Type",
      "Version", "Recast Risk Comment", "Accept Risk Comment", "Agent ID", "Host ID"]


def items():
    root = ET.parse("interop.nessus").getroot()
    for host in root.iter("ReportHost"):
        tags = {t.get("name"): t.text for t in host.find("HostProperties")}
        for it in host.iter("ReportItem"):
            yield host.get("name"), tags, it


def text(it, name):
    e = it.find(name)
    return e.text if e is not None and e.text else ""


def dmy(nessus_date):
    return dt.datetime.strptime(nessus_date, "%Y/%m/%d").strftime("%d/%m/%Y") if nessus_date else ""


def sc_date(nessus_date):
    if not nessus_date:
        return "N/A"
    d = dt.datetime.strptime(nessus_date, "%Y/%m/%d")
    return f"{d:%b} {d.day}, {d.year} 12:00:00 UTC"


def sc_time(asctime):
    d = dt.datetime.strptime(" ".join(asctime.split()), "%a %b %d %H:%M:%S %Y")
    return f"{d:%b} {d.day}, {d.year} {d:%H:%M:%S} UTC"


def pro_rows():
    rows = []
    for n, (name, tags, it) in enumerate(items()):
        sev = int(it.get("severity"))
        xrefs = [x.text for x in it.findall("xref")]
        kb = ";".join(x[5:] for x in xrefs if x.startswith("MSKB:"))
        other = ";".join(x for x in xrefs if not x.startswith("MSKB:"))
        cves = [c.text for c in it.findall("cve")] or [""]
        for cve in cves:
            row = dict.fromkeys(PRO, "")
            row.update({
                "Plugin ID": it.get("pluginID"), "CVE": cve, "Risk": WORDS[sev],
                "CVSS v2.0 Base Score": text(it, "cvss_base_score"),
                "Host": name, "Protocol": it.get("protocol"), "Port": it.get("port"),
                "Name": it.get("pluginName"), "Synopsis": text(it, "synopsis"),
                "Description": text(it, "description"), "Solution": text(it, "solution"),
                "See Also": text(it, "see_also"), "Plugin Output": text(it, "plugin_output"),
                "Risk Factor": text(it, "risk_factor"),
                "BID": ";".join(b.text for b in it.findall("bid")),
                "XREF": other, "MSKB": kb,
                "Plugin Publication Date": dmy(text(it, "plugin_publication_date")),
            })
            rows.append(((list(tags_order).index(name), -sev, n), row))
    return [r for _, r in sorted(rows, key=lambda x: x[0])]


def sc_rows():
    rows = []
    for n, (name, tags, it) in enumerate(items()):
        sev = int(it.get("severity"))
        xrefs = [x.text.replace(":", " #", 1) for x in it.findall("xref")]
        row = dict.fromkeys(SC, "")
        row.update({
            "Plugin": it.get("pluginID"), "Plugin Name": it.get("pluginName"),
            "Family": it.get("pluginFamily"), "Severity": "Info" if sev == 0 else WORDS[sev],
            "IP Address": tags.get("host-ip", name), "Protocol": it.get("protocol").upper(),
            "Port": it.get("port"), "Exploit?": "No", "Repository": "Individual Scan",
            "DNS Name": tags.get("host-fqdn", ""), "NetBIOS Name": tags.get("netbios-name", ""),
            "Plugin Output": "Plugin Output: \n" + text(it, "plugin_output"),
            "Synopsis": text(it, "synopsis"), "Description": text(it, "description"),
            "Solution": text(it, "solution"), "See Also": text(it, "see_also"),
            "Risk Factor": text(it, "risk_factor"),
            "CVSS V2 Base Score": text(it, "cvss_base_score"),
            "CVE": ", ".join(c.text for c in it.findall("cve")),
            "BID": ", ".join(b.text for b in it.findall("bid")),
            "Cross References": ", ".join(xrefs),
            "First Discovered": sc_time(tags["HOST_START"]),
            "Last Observed": sc_time(tags["HOST_END"]), "Vuln Publication Date": "N/A",
            "Patch Publication Date": sc_date(text(it, "patch_publication_date")),
            "Plugin Publication Date": sc_date(text(it, "plugin_publication_date")),
            "Check Type": text(it, "plugin_type") or "remote",
        })
        rows.append(((-sev, int(it.get("pluginID")), n), row))
    return [r for _, r in sorted(rows, key=lambda x: x[0])]


tags_order = {name: None for name, _, _ in items()}
with open("interop-nessus.csv", "w", newline="") as f:
    w = csv.DictWriter(f, PRO, lineterminator="\n")
    w.writeheader()
    w.writerows(pro_rows())
with open("interop-sc.csv", "w", newline="") as f:
    w = csv.DictWriter(f, SC, quoting=csv.QUOTE_ALL, lineterminator="\n")
    w.writeheader()
    w.writerows(sc_rows())
