"""Entry point of ``cityeval``: parses arguments, calls services, prints results."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from cityeval_desktop import __version__
from cityeval_desktop.cli import (
    case_data_commands,
    certificate_commands,
    commands,
    objection_commands,
    package_commands,
    region_commands,
    samples_commands,
    trust_commands,
)
from cityeval_desktop.cli import context as command_context
from cityeval_desktop.cli.output import Out
from cityeval_desktop.domain.text import CityEvalError
from cityeval_desktop.services import logbook

log = logging.getLogger("cityeval")

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db", metavar="PATH|URL", default=default, help="database file or SQLAlchemy URL (env CITYEVAL_DB)"
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=default,
        help="data folder: evidence, identities, logs (env CITYEVAL_DATA_DIR)",
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), default=default, help="language of messages (default zh; env CITYEVAL_LANG)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cityeval",
        description="CityEval — 城市全域数字化转型经营主体评估 (assessment workbench, command line)",
    )
    parser.add_argument("--version", action="version", version=f"cityeval {__version__}")
    _global_options(parser, suppress=False)
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)
    groups = parser.add_subparsers(dest="group", metavar="COMMAND", required=True)

    def sub(
        group: argparse._SubParsersAction, name: str, fn: Callable[..., int], help_: str
    ) -> argparse.ArgumentParser:
        p = group.add_parser(name, help=help_, description=help_, parents=[common])
        p.set_defaults(func=fn)
        return p

    forms = groups.add_parser("forms", help="indicator frameworks").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(forms, "list", commands.forms_list, "list the frameworks available for new cases")
    p.add_argument("--json", action="store_true")
    p = sub(forms, "validate", commands.forms_validate, "check framework files (file:line: path: reason)")
    p.add_argument("paths", nargs="+", metavar="PATH")

    p = sub(
        forms,
        "export-xlsx",
        trust_commands.forms_export_xlsx,
        "write a framework's workbook: a fillable checklist and the framework for editing",
    )
    p.add_argument("framework", metavar="ID[@VERSION]")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--tier", metavar="TIER", help="a checklist for one tier only (without the editing sheets)")
    p = sub(forms, "import-xlsx", trust_commands.forms_import_xlsx, "turn an edited framework workbook into YAML")
    p.add_argument("workbook", type=Path, metavar="IN.xlsx")
    p.add_argument("out", type=Path, metavar="OUT.yaml")
    p.add_argument("--force", action="store_true", help="replace OUT.yaml if it exists (it is refused otherwise)")

    case = groups.add_parser("case", help="assessment cases").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(case, "new", commands.case_new, "create a draft case; prints its id")
    p.add_argument("--framework", required=True, metavar="ID[@VERSION]")
    p.add_argument("--tier", required=True, metavar="TIER")
    p.add_argument("--mode", required=True, choices=("self", "third-party"))
    p.add_argument("--entity-name", required=True, metavar="NAME")
    p.add_argument("--uscc", required=True, metavar="CODE", help="统一社会信用代码 (18 characters)")
    p.add_argument("--region", metavar="CODE", help="6-digit region code (default: from the USCC)")
    p.add_argument("--assessor", default="", metavar="NAME")
    p.add_argument("--reference-date", metavar="YYYY-MM-DD", help="评估基准日 (default: today)")
    p = sub(case, "list", commands.case_list, "list cases (latest revision of each)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all-revisions", action="store_true")
    p = sub(case, "answer", commands.case_answer, "apply an answers file (all or nothing)")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--file", required=True, type=Path, metavar="answers.json|answers.xlsx")
    p = sub(case, "show", commands.case_show, "show a case's figures")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--json", action="store_true")
    p = sub(case, "amend", commands.case_amend, "start a new revision of a finalized case; prints its id")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p = sub(case, "delete", commands.case_delete, "delete a draft revision")
    p.add_argument("case", metavar="CASE")

    case_data_commands.add_parsers(case, groups, sub, common)

    p = sub(case, "finalize", trust_commands.case_finalize, "check, sign the final report and lock the revision")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--identity", required=True, type=Path, metavar="ID.p12", help="the lead assessor's identity")
    p.add_argument(
        "--org-identity",
        type=Path,
        metavar="ORG.p12",
        help="the assessor organisation's identity, signing after the lead (required for a third-party case; "
        "password from $CITYEVAL_ORG_PASSWORD)",
    )
    p.add_argument("--report-lang", choices=("zh", "en"), help="language of the report (default: --lang)")
    p.add_argument(
        "--confirm-signer-mismatch",
        action="store_true",
        help="sign a self-check with an identity of another organisation (the report says so)",
    )

    report = groups.add_parser("report", help="PDF reports and Excel workbooks").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(report, "pdf", trust_commands.report_pdf, "write a case's PDF report (signed with --identity)")
    p.add_argument("case", metavar="CASE")
    p.add_argument("out", type=Path, metavar="OUT.pdf")
    p.add_argument("--identity", type=Path, metavar="ID.p12")
    p.add_argument("--report-lang", choices=("zh", "en"), help="language of the report (default: --lang)")
    p.add_argument(
        "--confirm-signer-mismatch",
        action="store_true",
        help="sign a self-check with an identity of another organisation (the report says so)",
    )
    p = sub(
        report,
        "certificate",
        certificate_commands.report_certificate,
        "write the signed one-page result certificate of a finalized third-party revision",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("out", type=Path, metavar="OUT.pdf")
    p.add_argument("--identity", required=True, type=Path, metavar="ID.p12", help="the issuing organisation's identity")
    p.add_argument("--report-lang", choices=("zh", "en"), help="language of the certificate (default: --lang)")
    p = sub(
        report,
        "countersign",
        trust_commands.report_countersign,
        "the team's reviewer adds the third signature to a finalized third-party report",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("--identity", required=True, type=Path, metavar="REVIEWER.p12", help="the reviewer's identity")
    p = sub(report, "xlsx", trust_commands.report_xlsx, "write a workbook of one case, or one row per case")
    p.add_argument("cases", nargs="+", metavar="CASE")
    p.add_argument("out", type=Path, metavar="OUT.xlsx")
    p.add_argument("--report-lang", choices=("zh", "en"), help="language of the workbook (default: --lang)")

    identity = groups.add_parser("identity", help="assessor signing identities (PKCS#12)").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(identity, "new", trust_commands.identity_new, "create a password-protected identity (self-signed)")
    p.add_argument("--name", metavar="NAME", help="the signer's name (required unless --org-identity)")
    p.add_argument("--org", metavar="ORG")
    p.add_argument(
        "--uscc", metavar="CODE", help="the organisation's 统一社会信用代码 (with --org; matches its own self-checks)"
    )
    p.add_argument(
        "--org-identity",
        action="store_true",
        help="the organisation's own identity (CN and O = --org, with its --uscc): signs reports as 评估机构",
    )
    p.add_argument("--out", required=True, type=Path, metavar="ID.p12")
    p = sub(identity, "csr", trust_commands.identity_csr, "write a certificate request for the agency CA")
    p.add_argument("identity", type=Path, metavar="ID.p12")
    p.add_argument("out", type=Path, metavar="OUT.csr")
    p = sub(identity, "install-cert", trust_commands.identity_install_cert, "install the certificate the CA issued")
    p.add_argument("identity", type=Path, metavar="ID.p12")
    p.add_argument("cert", type=Path, metavar="CERT.pem")
    p = sub(identity, "export-cert", trust_commands.identity_export_cert, "write the identity's certificate (PEM)")
    p.add_argument("identity", type=Path, metavar="ID.p12")
    p.add_argument("out", type=Path, metavar="OUT.pem")

    ca = groups.add_parser("ca", help="a small agency certificate authority").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(ca, "init", trust_commands.ca_init, "create the agency CA (PKCS#12)")
    p.add_argument("--name", required=True, metavar="NAME")
    p.add_argument("--out", required=True, type=Path, metavar="CA.p12")
    p = sub(ca, "issue", trust_commands.ca_issue, "issue a certificate for an assessor's request")
    p.add_argument("ca", type=Path, metavar="CA.p12")
    p.add_argument("csr", type=Path, metavar="IN.csr")
    p.add_argument("out", type=Path, metavar="OUT.pem")
    p.add_argument("--days", type=int, default=1095, metavar="N")
    p = sub(ca, "revoke", trust_commands.ca_revoke, "revoke a certificate this CA issued")
    p.add_argument("ca", type=Path, metavar="CA.p12")
    p.add_argument("cert", type=Path, metavar="CERT.pem")
    p.add_argument(
        "--reason", choices=trust_commands.REVOCATION_REASONS, default="unspecified", help="why (RFC 5280 reason)"
    )
    p = sub(ca, "crl", trust_commands.ca_crl, "write the CA's certificate revocation list (PEM)")
    p.add_argument("ca", type=Path, metavar="CA.p12")
    p.add_argument("out", type=Path, metavar="OUT.crl")
    p.add_argument("--days", type=int, default=30, metavar="N", help="days until the next update (default 30)")

    trust = groups.add_parser("trust", help="the trust store (in the database)").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(trust, "add", trust_commands.trust_add, "trust a CA or signer certificate, or keep a CA's CRL")
    p.add_argument("cert", type=Path, metavar="CERT.pem|CRL")
    p.add_argument(
        "--allow-expired",
        action="store_true",
        help="trust it even outside its validity (to check reports signed while it was valid)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="trust a CA although a trusted CA has the same name with another key (a namesake)",
    )
    p = sub(trust, "list", trust_commands.trust_list, "list trusted certificates and revocation lists")
    p.add_argument("--json", action="store_true")
    p = sub(trust, "remove", trust_commands.trust_remove, "stop trusting a certificate (a CA's lists go with it)")
    p.add_argument("fingerprint", metavar="FINGERPRINT", help="sha256 fingerprint (or a unique prefix of it)")

    p = sub(groups, "verify-pdf", trust_commands.verify_pdf, "check a signed PDF: signer, time, integrity, trust")
    p.add_argument("file", type=Path, metavar="FILE.pdf")
    p.add_argument("--trust", action="append", type=Path, metavar="CERT.pem", help="also trust this certificate")

    package = groups.add_parser("package", help="signed case packages (.cityeval)").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(
        package,
        "export",
        package_commands.package_export,
        "write a finalized revision as a signed .cityeval package (checked before it is reported)",
    )
    p.add_argument("case", metavar="CASE")
    p.add_argument("out", type=Path, metavar="OUT.cityeval")
    p.add_argument("--identity", type=Path, metavar="ID.p12", required=True)
    p.add_argument(
        "--encrypt-to",
        action="append",
        type=Path,
        metavar="AGENCY.pem",
        help="encrypt the package for this agency certificate (repeatable); OUT is then a .cityeval.p7m",
    )
    p = sub(
        package, "verify", package_commands.package_verify, "check packages: every check named, exit 1 if any fails"
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--trust", action="append", type=Path, metavar="CERT.pem", help="also trust this certificate")
    p.add_argument("--identity", type=Path, metavar="AGENCY.p12", help="the agency identity to open encrypted packages")
    p.add_argument("--json", action="store_true")
    p = sub(
        package,
        "import",
        package_commands.package_import,
        "import package files and folders (each one transaction; rejected ones are quarantined)",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--trust", action="append", type=Path, metavar="CERT.pem", help="also trust this certificate")
    p.add_argument(
        "--accept-untrusted",
        action="store_true",
        help="import packages whose only fault is an untrusted signer, marked as unverified",
    )
    p.add_argument("--identity", type=Path, metavar="AGENCY.p12", help="the agency identity to open encrypted packages")
    p.add_argument("--json", action="store_true")
    p = sub(package, "ledger", package_commands.package_ledger, "every import attempt: outcome, reason, who, when")
    p.add_argument("--outcome", choices=("imported", "superseded", "history", "skipped", "rejected"))
    p.add_argument("--json", action="store_true")

    objection_commands.add_parsers(groups, sub)

    db = groups.add_parser("db", help="database maintenance").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    p = sub(
        db,
        "check",
        commands.db_check,
        "verify integrity, the audit chains, finalized revisions against their signed reports, and the evidence files",
    )
    p.add_argument(
        "--repair",
        action="store_true",
        help="also remove orphaned evidence files and partial copies and recompute stale list figures",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="verify every case, audit chain and file again, also those unchanged since an earlier check on this "
        "workstation found them sound",
    )
    p = sub(db, "backup", commands.db_backup, "write a consistent copy of the database")
    p.add_argument("out", type=Path, metavar="OUT")

    region_commands.add_parsers(groups, sub)

    samples = groups.add_parser("samples", help="sample cases to try the workbench").add_subparsers(
        dest="cmd", metavar="ACTION", required=True
    )
    sub(samples, "load", samples_commands.samples_load, "add the sample cases (signed by a demo identity)")
    return parser


def _setup_logging(data_dir: str | None) -> logbook.Logbook:
    from cityeval_desktop import paths

    return logbook.start(paths.data_dir(data_dir), "cityeval-cli.log")


def main(argv: Sequence[str] | None = None) -> int:
    import multiprocessing

    multiprocessing.freeze_support()  # a frozen build's worker processes (package import) start here
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure:
            reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = args.lang or os.environ.get("CITYEVAL_LANG", "zh")
    out = Out("en" if lang == "en" else "zh")
    book = _setup_logging(args.data_dir)
    try:
        return int(args.func(args, out))
    except CityEvalError as exc:  # every error a user can act on, from any layer
        out.errors_of(exc.lines(out.lang))
        return EXIT_INVALID
    except BrokenPipeError:
        # the reader went away (`cityeval case show X | head`): not an error of ours
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        out.error(out.t("已中断，未完成的操作没有保存", "interrupted; the unfinished action was not saved"))
        return 130
    except Exception:
        log.exception("unexpected error in %s", argv if argv is not None else sys.argv[1:])
        hint = book.details_hint()  # only says "in the log" when the log was written
        out.error(out.t(f"内部错误；{hint.zh}", f"internal error; {hint.en}"))
        return EXIT_INVALID
    finally:
        command_context.close_all()


if __name__ == "__main__":
    sys.exit(main())
