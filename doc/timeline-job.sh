#!/bin/sh
# The job of the example picture doc/timeline.svg (README): sleep, and sometimes fail.
#   src/lanes -j4 --timeout 2.5 --timeline doc/timeline.svg doc/timeline-job.sh ::: $(seq 30)
case $1 in
7) sleep 0.6; exit 2 ;;
13) sleep 0.3; kill -KILL $$ ;;
18) sleep 9 ;;
21) sleep 0.4; exit 1 ;;
*) sleep "0.$(( ($1 * 37) % 9 + 1 ))" ;;
esac
