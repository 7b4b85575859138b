/* lane: a place one job runs, taken from the pool when the job starts and given back when
 * it ends, whichever way it ends. */
#ifndef LANES_LANE_H
#define LANES_LANE_H

struct lane {
    unsigned long slot; /* 1.., the lowest free when taken ({%}); 0: no lane held */
    int token;          /* with a slot: the jobserver token it holds (its byte), or -1: none */
    int host;           /* -S: the host it is on (pool_host_add's index); -1: this machine */
};

#endif
