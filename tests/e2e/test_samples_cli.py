"""``cityeval samples load`` as a user runs it: the sample cases, complete and scored, signed ones verifiable."""

from __future__ import annotations

from cityeval_desktop.services import samples


def test_samples_load_makes_every_sample_once_and_says_who_signed(cli) -> None:
    r = cli("--lang", "en", "samples", "load")
    assert r.code == 0, r.err
    lines = r.out.strip().splitlines()
    assert len(lines) == len(samples.SAMPLES)
    refs = [line.split("\t")[0] for line in lines]
    assert {line.split("\t")[2] for line in lines} == {s.entity_name for s in samples.SAMPLES}
    assert "demo identity" in r.err and samples.DEMO_PASSWORD in r.err and "never use it for real cases" in r.err

    listed = cli("case", "list", "--json").json()
    assert sorted(f"{c['case_id']}@{c['revision']}" for c in listed) == sorted(refs)
    for ref in refs:
        shown = cli("case", "show", ref, "--json").json()
        assert shown["result"]["completeness"] == 1 and shown["result"]["grade"] is not None, ref
        # every indicator decided: answered, or N/A on one of the framework's grounds
        statuses = {i["status"] for i in shown["result"]["indicators"]}
        assert statuses <= {"answered", "not_applicable"} and "answered" in statuses, statuses
        assert all(i.get("ground") for i in shown["result"]["indicators"] if i["status"] == "not_applicable")

    finalized = next(line.split("\t")[0] for line in lines if "\tfinalized\t" in line)
    out = cli.data_dir / "signed.pdf"
    assert cli("--lang", "en", "report", "pdf", finalized, str(out)).code == 0  # the samples were signed in English
    verified = cli("--lang", "en", "verify-pdf", str(out))
    assert samples.DEMO_SIGNER in verified.out + verified.err

    again = cli("--lang", "en", "samples", "load")
    assert again.code == 0 and again.out.strip() == ""
    assert f"{len(samples.SAMPLES)} sample cases already there" in again.err
    assert len(cli("case", "list", "--json").json()) == len(samples.SAMPLES)
