# Sourced: a private desktop session for the main job — its own XDG folders and its own
# D-Bus session bus, so nothing of the user's real data or services is touched.
#   rs_session_start SERVICE_DIR…   (each dir holds D-Bus .service files for activation)
#   rs_session_stop
# Traps and limits as in the project's EDS notes: dbus-daemon runs --nofork as our child, and
# gets the <limit> block of Debian's session.conf (big calendar replies need it).

rs_session_start() {
	RS_SESSION_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/recurring-sales-session.XXXXXX")
	export RS_SESSION_ROOT
	export XDG_CONFIG_HOME=$RS_SESSION_ROOT/config XDG_DATA_HOME=$RS_SESSION_ROOT/data \
	       XDG_CACHE_HOME=$RS_SESSION_ROOT/cache XDG_RUNTIME_DIR=$RS_SESSION_ROOT/runtime \
	       HOME=$RS_SESSION_ROOT/home GIO_USE_VFS=local
	unset DBUS_SESSION_BUS_ADDRESS
	mkdir -p "$XDG_CONFIG_HOME/evolution/sources" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" \
	         "$XDG_RUNTIME_DIR" "$HOME" "$RS_SESSION_ROOT/log"
	chmod 700 "$XDG_RUNTIME_DIR"

	local dirs="" dir
	for dir in "$@"; do dirs="$dirs  <servicedir>$dir</servicedir>
"; done
	cat > "$RS_SESSION_ROOT/session.conf" <<XML
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:dir=$XDG_RUNTIME_DIR</listen>
  <auth>EXTERNAL</auth>
$dirs  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/>
  </policy>
  <limit name="max_incoming_bytes">1000000000</limit>
  <limit name="max_outgoing_bytes">1000000000</limit>
  <limit name="max_message_size">1000000000</limit>
  <limit name="service_start_timeout">120000</limit>
  <limit name="auth_timeout">240000</limit>
  <limit name="pending_fd_timeout">150000</limit>
  <limit name="max_completed_connections">100000</limit>
  <limit name="max_incomplete_connections">10000</limit>
  <limit name="max_connections_per_user">100000</limit>
  <limit name="max_pending_service_starts">10000</limit>
  <limit name="max_names_per_connection">50000</limit>
  <limit name="max_match_rules_per_connection">50000</limit>
  <limit name="max_replies_per_connection">50000</limit>
</busconfig>
XML
	: > "$RS_SESSION_ROOT/bus.addr"
	dbus-daemon --config-file="$RS_SESSION_ROOT/session.conf" --nofork --print-address=3 \
		3>"$RS_SESSION_ROOT/bus.addr" 2>"$RS_SESSION_ROOT/log/dbus.log" &
	RS_SESSION_BUS_PID=$!
	local _
	for _ in $(seq 100); do [ -s "$RS_SESSION_ROOT/bus.addr" ] && break; sleep 0.05; done
	if [ ! -s "$RS_SESSION_ROOT/bus.addr" ]; then
		echo "The private D-Bus session bus did not start; see $RS_SESSION_ROOT/log/dbus.log" >&2
		return 1
	fi
	DBUS_SESSION_BUS_ADDRESS=$(head -1 "$RS_SESSION_ROOT/bus.addr")
	export DBUS_SESSION_BUS_ADDRESS
}

rs_session_stop() {
	# Everything the bus activated is its child's child: stop them by their bus names' PIDs.
	local name pid
	for name in io.github.recurring_sales.RecurringSales1 org.gnome.evolution.dataserver.Calendar8 \
	            org.gnome.evolution.dataserver.Sources5; do
		pid=$(gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus \
			-m org.freedesktop.DBus.GetConnectionUnixProcessID "$name" 2>/dev/null |
			sed -n 's/^(uint32 \([0-9]*\),)$/\1/p') || true
		if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
	done
	sleep 0.3
	if [ -n "${RS_SESSION_BUS_PID:-}" ]; then
		kill "$RS_SESSION_BUS_PID" 2>/dev/null || true
		wait "$RS_SESSION_BUS_PID" 2>/dev/null || true
	fi
	if [ -n "${RS_SESSION_ROOT:-}" ]; then rm -rf "$RS_SESSION_ROOT"; fi
	return 0
}

# D-Bus activation files for Evolution Data Server's registry and calendar factory, into DIR.
rs_write_eds_services() {
	local dir=$1 pair
	mkdir -p "$dir"
	for pair in Sources5:evolution-source-registry Calendar8:evolution-calendar-factory \
	            UserPrompter0:evolution-user-prompter; do
		printf '[D-BUS Service]\nName=org.gnome.evolution.dataserver.%s\nExec=/usr/libexec/%s\n' \
			"${pair%%:*}" "${pair#*:}" > "$dir/org.gnome.evolution.dataserver.${pair%%:*}.service"
	done
}
