"""``python -m gausslab.grading``: release the assignments, grade the demo class or a real one."""

import argparse
import shutil
import sys
from pathlib import Path

from gausslab.grading.autograde import grade_class
from gausslab.grading.corpus import build_demo_class
from gausslab.grading.expected import write_all
from gausslab.grading.student_release import build as build_student_release
from gausslab.grading.course import ASSIGNMENTS, REPO, copy_sources, release
from gausslab.grading.report import format_table


def _print_grades(root, results):
    print(format_table(results))
    problems = [r for r in results if r.problem]
    print(f"\n{len(results)} submissions: {len(results) - len(problems)} graded, "
          f"{len(problems)} could not be read (listed above with the reason, score 0).")
    print(f"grades CSV:      {Path(root).resolve() / 'grades.csv'}")
    print(f"feedback HTML:   {Path(root).resolve() / 'feedback'}/<student>/<assignment>/")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m gausslab.grading", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("release", help="regenerate the visible checks' stored cases, then "
                                        "notebooks/ and solutions/ from source/")
    commands.add_parser("expected", help="regenerate gausslab/checks/expected/ from the oracles")
    student = commands.add_parser("student-release", help="build what students get for one "
                                                          "assignment (notebook, wheel, env)")
    student.add_argument("assignment", choices=sorted(ASSIGNMENTS))
    student.add_argument("--out", type=Path, help="default: build/student/<assignment>")
    demo = commands.add_parser("demo", help="autograde the demo class built from corpus/")
    demo.add_argument("--root", default=REPO / "build" / "demo_class", type=Path)
    grade = commands.add_parser("grade", help="autograde a course directory with submitted/")
    grade.add_argument("root", type=Path)
    for sub in (demo, grade):
        sub.add_argument("--assignment", action="append", choices=sorted(ASSIGNMENTS),
                         help="only this assignment (repeatable; default: all)")
        sub.add_argument("--workers", type=int, default=2, help="parallel autograde workers")
    args = parser.parse_args(argv)

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
    elif not (args.root / "submitted").is_dir():
        parser.error(f"{args.root} has no submitted/ folder: expected "
                     "submitted/<student>/<assignment>/<notebook>.ipynb")
    else:
        copy_sources(args.root, assignments)
    results = grade_class(args.root, assignments, workers=args.workers)
    _print_grades(args.root, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
