# Names vulture (the dead-code check in .ci/run, [tool.vulture] in pyproject.toml) must count as
# used: vulture reads this file, nothing runs it. Anything else it reports is code nothing calls:
# delete it, or add it here with the reason.

# -- Called by Qt, not by our code: overrides of Qt's virtual methods -------------------------
_.eventFilter  # QObject.installEventFilter (activity, lockdown, staff entry, benchmark)
_.mousePressEvent  # QWidget events (cycle)
_.mouseReleaseEvent
_.minimumSizeHint  # layouts ask for it (statistics charts)
_.columnCount  # QAbstractTableModel (statistics table)
_.headerData
_.setSource  # QTextBrowser: overridden to load nothing (richtext)
_.hitButton  # QAbstractButton (staff/checkbox.py)
_.textFromValue  # QSpinBox (staff/hours_editor.py)
_.valueFromText

# -- Read by libraries -----------------------------------------------------------------------
_.Constructor  # ruamel.yaml: the loader's constructor class (content/frontmatter.py)
_.preserve_quotes  # ruamel.yaml: an unchanged "quoted value" stays quoted
_.get_single_data  # ruamel.yaml loader overrides (content/frontmatter.py: bounded YAML)
_.check_mapping_key
_.mon  # OpeningHours fields: msgspec decodes them, OpeningHours.windows() reads them by name
_.tue
_.wed
_.thu
_.fri
_.sat
_.sun

# -- How tests observe and drive the real objects (each is used by tests/) ---------------------
_.find  # content/announcements.py Board.find
_.cached_deck  # storage/cache.py: what the live-reload tests check the cache holds
_.duration_or  # content/model.py
_.advance  # scheduling/rules.py FixedClock: a test clock that moves on
_.stored_count  # insight/store.py
_.open_store  # insight/store.py
_.set_days  # insight/view.py
_.reading_ms  # insight/recorder.py
_.apply_settings  # insight/recorder.py
_.rotating  # player/banner.py
_.boundary_interval_ms  # player/schedule.py
_.conflict_open  # staff/editor.py
SYSTEMD_UNIT  # paths.py: README's appliance install copies it; tests/test_appliance.py checks it

# -- Added at this session's merge (2026-11-30).
# Qt overrides and the benchmark's JSON field, called by Qt or read by name.
_.itemAt  # staff/flow.py: QLayout
_.expandingDirections  # staff/flow.py: QLayout
_.hasHeightForWidth  # staff/flow.py, player/fit.py: QLayout / QWidget
_.paint  # staff/slide_list.py: QStyledItemDelegate
_.frame_ms  # benchmark.py: CycleRun field filled from the child's JSON
# Read by tests (the fit matrix, the slow-share and clarity tests) and the content guide's table.
_.text_fits_whole  # player/cycle.py
_.reference_code_px  # player/detail.py
_.page_code_in_text  # player/detail.py
_.shown_text  # player/fit.py
_.saving  # staff/editor.py, staff/settings_page.py
_.rules  # staff/clarity_panel.py
_.painted_rects  # ui/paintmeter.py: the repaint-budget test
CHECKED_ITEMS  # checks/clarity.py
STAFF_JUDGEMENT  # checks/clarity.py
DEFAULT_MIN_SCALE  # player/fit.py
_.__path__  # content/qrcodes.py: read by the import system (segno's encoder as a package)
