"""Is this Python one the project installs with? Run by ``make setup`` before anything is installed.

Why: with the wrong Python (``PYTHON=python3.12``, an old system ``python3``), ``make setup``
created the virtual environment and spent seven minutes installing before pip refused a pinned
package, or the build failed later on a syntax it lacked. The versions allowed are
``requires-python`` in ``pyproject.toml``, read here as text: ``python -m pipeline.python_version``
runs under any Python 3, before the dependencies (and ``tomllib``) can be counted on, so this
module (like ``pipeline/__init__.py``) imports nothing from the pipeline and uses no syntax newer
than Python 3.6.
"""
import re
import sys

_BOUND = re.compile(r"(>=|<=|==|!=|<|>)\s*(\d+(?:\.\d+)*)")
_OPERATORS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, "==": lambda a, b: a == b,
              "!=": lambda a, b: a != b, "<": lambda a, b: a < b, ">": lambda a, b: a > b}


def requires_python(pyproject_text):
    """The ``requires-python`` specifier of a pyproject.toml (its text)."""
    found = re.search(r'^requires-python\s*=\s*"([^"]+)"', pyproject_text, re.M)
    if not found:
        raise ValueError("pyproject.toml has no requires-python")
    return found.group(1)


def allows(specifier, version):
    """Whether ``version`` (a tuple such as (3, 11, 7)) meets every bound of ``specifier``, each
    compared on as many parts as the bound writes (">=3.11,<3.12": 3.11.x only)."""
    for operator, bound in _BOUND.findall(specifier):
        parts = tuple(int(part) for part in bound.split("."))
        if not _OPERATORS[operator](tuple(version[:len(parts)]), parts):
            return False
    return True


def main(argv):
    pyproject = argv[1] if len(argv) > 1 else "pyproject.toml"
    with open(pyproject, encoding="utf-8") as handle:
        specifier = requires_python(handle.read())
    version = tuple(sys.version_info[:3])
    if allows(specifier, version):
        return 0
    shown = ".".join(str(part) for part in version)
    sys.stderr.write("error: {} is Python {}, but the project needs Python {} ({}): install it and run "
                     "make setup PYTHON=python3.11 (nothing was installed)\n".format(
                         sys.executable, shown, specifier, pyproject))
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
