#ifndef GLEANER_SHIMS_H
#define GLEANER_SHIMS_H
// Typed wrappers for libcurl's C-variadic calls, which Swift cannot call directly.
// One wrapper per argument type; no logic lives here.
#include <curl/curl.h>
#include <spawn.h>

CURLcode gleaner_curl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode gleaner_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode gleaner_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode gleaner_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode gleaner_curl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode gleaner_curl_easy_setopt_write_callback(CURL *handle,
    size_t (*callback)(char *data, size_t size, size_t count, void *userdata));
CURLcode gleaner_curl_easy_setopt_header_callback(CURL *handle,
    size_t (*callback)(char *data, size_t size, size_t count, void *userdata));
CURLcode gleaner_curl_easy_setopt_xferinfo_callback(CURL *handle,
    int (*callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow));

CURLcode gleaner_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode gleaner_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value);
CURLcode gleaner_curl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode gleaner_curl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

CURLMcode gleaner_curl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLcode gleaner_curl_easy_setopt_opensocket_callback(CURL *handle,
    curl_socket_t (*callback)(void *userdata, curlsocktype purpose, struct curl_sockaddr *address));

// posix_spawn_file_actions_addclosefrom_np (glibc >= 2.34, a GNU extension Swift's Glibc module does not
// expose): the child closes every descriptor from `from` up. ENOSYS where the C library lacks it.
int gleaner_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int from);

#endif
