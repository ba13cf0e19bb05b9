/* lanlease: everything public. */
#ifndef LANLEASE_H
#define LANLEASE_H
#include "lanlease/error.h"
#include "lanlease/frame.h"
#include "lanlease/msg.h"
#include "lanlease/option.h"
#include "lanlease/rfc.h"
#include "lanlease/server.h"
#include "lanlease/vars.h"
#include "lanlease/definition.h"
#include "lanlease/store.h"
#include "lanlease/text.h"
#include "lanlease/client.h"
#define LL_VERSION "0.1.0"
#endif
