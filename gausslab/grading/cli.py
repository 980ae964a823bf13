"""``python -m gausslab.grading``: release the assignments, grade the demo class or a real one.

Exit status of ``grade`` and ``demo``: 0 when the grading worked, whatever the students scored;
1 when the grading itself broke (the message says what; what was graded is kept, and running
the same command again retries the rest); 2 for a wrong command line.
"""

import argparse
import shutil
import sys
from pathlib import Path

from gausslab.grading import class_report, exchange, formgrader
from gausslab.grading.autograde import GradingError, grade_class
from gausslab.grading.corpus import build_demo_class
from gausslab.grading.course import ASSIGNMENTS, REPO, NbgraderError, copy_sources, nbgrader, release
from gausslab.grading.expected import write_all
from gausslab.grading.limits import configured_limits
from gausslab.grading.student_release import build as build_student_release
from gausslab.grading.report import format_table


def _print_grades(root, results):
    print(format_table(results))
    problems = [r for r in results if r.problem]
    flagged = [r for r in results if any(n.startswith("FLAGGED") for n in r.notes)]
    print(f"\n{len(results)} submissions: {len(results) - len(problems)} graded, "
          f"{len(problems)} not graded (listed above with the reason, score 0), "
          f"{len(flagged)} flagged for review.")
    print(f"grades CSV:      {Path(root).resolve() / 'grades.csv'}")
    print(f"feedback HTML:   {Path(root).resolve() / 'feedback'}/<student>/<assignment>/")
    print(f"result records:  {Path(root).resolve() / 'records'}/<assignment>/<student>.json")


def collect_lms_download(root, assignment, download):
    """Put an LMS download (a zip, or a folder, of ``<student>_<anything>.ipynb`` files) into
    ``root/submitted`` with nbgrader's ``zip_collect``."""
    archive = Path(root) / "downloaded" / assignment / "archive"
    shutil.rmtree(archive.parent, ignore_errors=True)
    if Path(download).is_dir():
        shutil.copytree(download, archive)
    else:
        archive.mkdir(parents=True)
        shutil.copy(download, archive)
    nbgrader("generate_assignment", assignment, "--force", root=root)
    return nbgrader("zip_collect", assignment, "--force", root=root)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m gausslab.grading", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("release", help="regenerate the visible checks' stored cases, then "
                                        "notebooks/ and solutions/ from source/")
    commands.add_parser("expected", help="regenerate gausslab/checks/expected/ from the oracles")
    student = commands.add_parser("student-release", help="build what students get for one "
                                                          "assignment (notebook, wheel, env)")
    student.add_argument("assignment", choices=sorted(ASSIGNMENTS))
    student.add_argument("--out", type=Path, help="default: build/student/<assignment>")
    # nbgrader's exchange (JupyterHub): release, then students fetch and submit, then collect
    hand_out = commands.add_parser("release-assignment", help="put an assignment into nbgrader's "
                                   "exchange for students to fetch (nbgrader release_assignment)")
    collect = commands.add_parser("collect", help="copy the students' latest submissions from "
                                  "nbgrader's exchange into COURSE_DIR/submitted (nbgrader collect)")
    for sub in (hand_out, collect):
        sub.add_argument("root", type=Path, metavar="COURSE_DIR")
        sub.add_argument("assignment", choices=sorted(ASSIGNMENTS))
        sub.add_argument("--exchange", type=Path, metavar="DIR", help="the exchange directory "
                         "(nbgrader's Exchange.root; default: nbgrader's, /srv/nbgrader/exchange)")
    hand_out.add_argument("--force", action="store_true",
                          help="replace the assignment already in the exchange")
    demo = commands.add_parser("demo", help="autograde the demo class built from corpus/")
    demo.add_argument("--root", default=REPO / "build" / "demo_class", type=Path)
    grade = commands.add_parser("grade", help="autograde a course directory with submitted/")
    grade.add_argument("root", type=Path)
    grade.add_argument("--lms", type=Path, metavar="ZIP_OR_FOLDER",
                       help="an LMS download of <student>_<anything>.ipynb files, collected "
                            "into submitted/ with nbgrader zip_collect (needs one --assignment)")
    limits = configured_limits()
    for sub in (demo, grade):
        sub.add_argument("--assignment", action="append", choices=sorted(ASSIGNMENTS),
                         help="only this assignment (repeatable; default: all)")
        sub.add_argument("--workers", type=int, default=2,
                         help="parallel worker processes on this machine (default 2)")
        sub.add_argument("--scheduler", metavar="ADDRESS",
                         help="grade on this Dask cluster (e.g. tcp://host:8786) instead")
        sub.add_argument("--timeout", type=int, metavar="S",
                         help=f"time limit per cell (default {limits.cell_timeout})")
        sub.add_argument("--memory-mb", type=int, metavar="MB",
                         help=f"memory cap per submission (default {limits.memory_mb})")
        sub.add_argument("--submission-timeout", type=int, metavar="S",
                         help=f"time limit per submission (default {limits.submission_timeout})")
        sub.add_argument("--force", action="store_true",
                         help="grade again even the submissions graded as they are")
        sub.add_argument("--no-sandbox", action="store_true",
                         help="run kernels without bubblewrap (only for trusted notebooks)")
    # issue 13: what the class got wrong
    report = commands.add_parser("report", help="write the class report (HTML and CSV) per "
                                                "assignment from a graded course directory")
    report.add_argument("root", type=Path)
    report.add_argument("--assignment", action="append", choices=sorted(ASSIGNMENTS),
                        help="only this assignment (repeatable; default: all with records)")
    report.add_argument("--names", action="store_true",
                        help="show the students in each group (for office hours)")
    # issue 10: written answers are graded by a person, in nbgrader's formgrader
    grader = commands.add_parser("formgrader", help="open JupyterLab with nbgrader's formgrader "
                                 "on a graded course directory (Ctrl-C stops it)")
    grader.add_argument("root", type=Path, metavar="COURSE_DIR")
    grader.add_argument("lab_args", nargs=argparse.REMAINDER, metavar="LAB_ARGS",
                        help="more options for jupyter lab, e.g. --no-browser --port=8890")
    args = parser.parse_args(argv)
    if args.command == "formgrader":
        try:
            return formgrader.run(args.root, args.lab_args)
        except formgrader.FormgraderError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    if args.command == "report":
        return _write_class_reports(args.root, args.assignment or list(ASSIGNMENTS), args.names)
    if args.command in ("release-assignment", "collect"):
        try:
            if args.command == "collect":
                print(exchange.collect(args.root, args.assignment, args.exchange))
            else:
                print(exchange.release_assignment(args.root, args.assignment, args.exchange,
                                                  args.force))
        except NbgraderError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        return 0

    if args.command in ("release", "expected"):
        for path in write_all():
            print(f"wrote {path}")
        if args.command == "release":
            release()
        return 0
    if args.command == "student-release":
        out = build_student_release(args.out or REPO / "build" / "student" / args.assignment,
                                    [args.assignment])
        print(f"student release of {args.assignment}: {out}")
        return 0
    assignments = args.assignment or list(ASSIGNMENTS)
    if args.command == "demo":
        shutil.rmtree(args.root, ignore_errors=True)
        build_demo_class(args.root, assignments)
    else:
        copy_sources(args.root, assignments)
        if args.lms:
            if len(assignments) != 1:
                parser.error("--lms needs exactly one --assignment")
            collect_lms_download(args.root, assignments[0], args.lms)
        if not (args.root / "submitted").is_dir():
            parser.error(f"{args.root} has no submitted/ folder: expected "
                         "submitted/<student>/<assignment>/<notebook>.ipynb")
    limits = configured_limits(cell_timeout=args.timeout, memory_mb=args.memory_mb,
                               submission_timeout=args.submission_timeout)
    try:
        results = grade_class(args.root, assignments, workers=args.workers,
                              scheduler=args.scheduler, limits=limits, force=args.force,
                              sandboxed=not args.no_sandbox)
    except GradingError as error:
        if len(error.args) > 1:
            _print_grades(args.root, error.args[1])
        print(f"\nerror: {error.args[0]}", file=sys.stderr)
        return 1
    except NbgraderError as error:
        print(f"\nerror: {error}", file=sys.stderr)
        return 1
    _print_grades(args.root, results)
    _write_class_reports(args.root, assignments)  # issue 13
    return 0


def _write_class_reports(root, assignments, names=False):
    """Issue 13: write and name the class report of each assignment graded in ``root``."""
    pages = class_report.write_all(root, assignments, names)
    for page in pages:
        print(f"class report:    {page.resolve()} (and {page.stem}.*.csv beside it)")
    if not pages:
        print(f"error: {root} holds no result records (records/<assignment>/) to report on",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
