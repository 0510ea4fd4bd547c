#!/bin/sh
test_description='status --short, cutover blocked (status --blocked) and what status --json carries'
. "$(dirname "$0")/lib.sh"

CUTOVER_NOW="2026-05-29 17:00"
export CUTOVER_NOW

test_expect_success 'setup: a rehearsal at 17:00 on the eve, one task blocked, one failed' '
	mini_workspace &&
	cutover block --by "Lê Văn Bình" --reason "mất điện từ 15h" \
		focal-point@so-tai-chinh >/dev/null &&
	cutover fail --by An --reason "no network at the commune" \
		accounts@dai-son >/dev/null
'

test_expect_success 'status --short: the run, the gate, each section, the units with trouble' '
	cutover status --short >out &&
	cat >expect <<-\EOF &&
	## drill (rehearsal) 0/41 done, 3 late, 2 blocked or failed; 5 hours to T0
	G pending go@ttpvhcc
	S LB 0/40 s1 1. Departments and communes
	S    0/1 s2 2. Go / no-go
	U LB 0/10 so-tai-chinh Sở Tài chính
	U LB 0/9 dai-son Xã Đại Sơn
	EOF
	test_cmp expect out &&
	cutover status --short --all-units >out &&
	test_line_count = 9 out &&
	test_grep "^U    0/[0-9]* ttpvhcc Trung tâm" out
'

test_expect_success 'status --short takes no other list' '
	test_expect_code 2 cutover status --short --blocked 2>err &&
	test_one_error err "--short"
'

test_expect_success 'cutover blocked: each blocked or failed task with who, when, the event and the reason' '
	cutover blocked >out &&
	test_grep "^blocked or failed: 2 tasks$" out &&
	test_grep "^2026-05-29 10:00  blocked  focal-point@so-tai-chinh *Name a focal point -> Sở Tài chính$" out &&
	test_grep "^    by Lê Văn Bình, 2026-05-29 17:00 (event 2): mất điện từ 15h$" out &&
	test_grep "^2026-05-29 18:00  failed   accounts@dai-son *Review the accounts -> Xã Đại Sơn$" out &&
	test_grep "^    by An, 2026-05-29 17:00 (event 3): no network at the commune$" out &&
	cutover status --blocked >out2 &&
	test_cmp out out2
'

test_expect_success 'cutover blocked in Vietnamese: the states whole, the reasons as typed' '
	env -u LC_ALL LANG=vi_VN.UTF-8 "$CUTOVER" blocked >out &&
	test_grep "^bị chặn hoặc không đạt: 2 nhiệm vụ$" out &&
	test_grep "^2026-05-29 18:00  không đạt accounts@dai-son " out &&
	test_grep "^    bởi Lê Văn Bình, 2026-05-29 17:00 (sự kiện 2): mất điện từ 15h$" out
'

test_expect_success PYTHON3 'cutover blocked --unit by name; --json with every field' '
	cutover blocked --unit "dai son" >out &&
	test_grep "^blocked or failed: 1 task$" out &&
	test_grep "accounts@dai-son" out &&
	cutover blocked --json >out.json &&
	python3 - out.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["run"] == "drill" and d["total"] == 2, d
	t = d["tasks"][0]
	assert set(t) == {"key", "step", "unit", "unit_name", "title", "due",
	                  "state", "by", "at", "event", "reason"}, t
	assert t["key"] == "focal-point@so-tai-chinh" and t["state"] == "blocked"
	assert t["reason"] == "mất điện từ 15h" and t["by"] == "Lê Văn Bình"
	assert t["event"] == 2 and t["at"] == "2026-05-29T17:00:00+07:00"
	assert d["tasks"][1]["state"] == "failed"
	EOF
'

test_expect_success 'nothing blocked: blocked says so and exits 0' '
	cutover reopen --by An --reason "power is back" focal-point@so-tai-chinh >/dev/null &&
	cutover reopen --by An --reason "network is back" accounts@dai-son >/dev/null &&
	cutover blocked >out &&
	test_grep "^blocked or failed: 0 tasks$" out
'

test_expect_success PYTHON3 'status --json: T0, the zone, the commit, the approval and the gates with their decisions' '
	cutover gate decide --by "Chủ tịch" --no-go --reason "not ready" go@ttpvhcc >/dev/null &&
	cutover --json status >out.json &&
	python3 - out.json <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d["t0"] == "2026-05-29T22:00:00+07:00", d["t0"]
	assert d["zone"] == "+07:00"
	for k in ("commit", "dirty", "approval", "unapproved", "require_tokens",
	          "closed", "gates", "exceptions", "resting", "sections"):
	    assert k in d, k
	assert d["approval"] is None and d["unapproved"] is False
	g = d["gates"][0]
	assert g["task"] == "go@ttpvhcc" and g["decision"] == "no-go", g
	assert g["reason"] == "not ready" and g["by"] == "Chủ tịch"
	assert g["due"] == "2026-05-29T21:00:00+07:00"
	assert g["history"][0]["decision"] == "no-go"
	EOF
'

test_done
