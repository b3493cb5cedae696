import sys, time
t0 = time.time()
from PySide6.QtWidgets import QApplication, QLabel
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
app = QApplication(sys.argv)
scr = app.primaryScreen(); g = scr.geometry()
print("platform", app.platformName(), "screen", g.width(), "x", g.height(), "depth", scr.depth(), flush=True)
w = QLabel("Kiosk test  Latin Ünïcødé  中文测试  اختبار عربي")
w.setAlignment(Qt.AlignCenter); w.setFont(QFont("", 48))
w.setStyleSheet("background:#1565c0;color:white")
w.setWindowFlags(Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint)
w.setGeometry(g)  # explicit full-screen geometry, no WM needed
w.show()
def grab():
    pm = scr.grabWindow(0)   # whole X root window
    ok = pm.save(sys.argv[1] if len(sys.argv) > 1 else "shot.png")
    print("window geom", w.geometry().getRect(), "grab", pm.width(), "x", pm.height(), "saved", ok, "t_show_to_grab", round(time.time()-t0,2), flush=True)
    app.quit()
QTimer.singleShot(500, grab)
app.exec()
