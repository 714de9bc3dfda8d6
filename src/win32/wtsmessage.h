/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal: the Win32 error of a failed s0_send_message(), shared by WTSSendMessage and
 * `s0ctl message` so that both say the same. Not installed. */
#pragma once

#include <stdint.h>

/* r < 0 from s0_send_message() -> the GetLastError() code WTSSendMessage sets; *ret_name
 * (optional) its name ("ERROR_ACCESS_DENIED"). */
uint32_t s0_win32_message_error(int r, const char **ret_name);
