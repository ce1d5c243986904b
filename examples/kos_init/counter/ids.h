/* The channel id of the counter service, shared by init.yaml (id: {var, include}) and the programs. */
#ifndef COUNTER_IDS_H
#define COUNTER_IDS_H

#define COUNTER_CONNECTION_ID "counter_connection" /* every client of UserServer uses it */

#endif
