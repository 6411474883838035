# The two commands of README.md. Each installs what is missing first.
.PHONY: run test bench
run:
	@bash scripts/run.sh
test:
	@bash scripts/test.sh
bench:
	@bash scripts/bench.sh
