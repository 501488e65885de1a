"""kalkyl_calc: what kalkyl's Calc add-in (../kalkyl_addin.py) needs besides UNO: cells.py."""
