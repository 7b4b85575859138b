/* cpu: how many processors this machine has, for -j and --number-of-*. */
#ifndef LANES_CPU_H
#define LANES_CPU_H

/* Online hardware threads (what -j 100% means). */
long cpu_threads(void);
/* Physical cores, counting each (socket, core) pair once; threads where unknown. */
long cpu_cores(void);
/* Filled sockets; 1 where unknown. */
long cpu_sockets(void);

#endif
