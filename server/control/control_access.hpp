#pragma once
// Who may call the /_sim/ control API. With a control token: whoever sends it. Without one: loopback
// peers only, unless --control-open; so a listener on every interface does not open the control API
// to the network by accident. Open routes (wallet pages, health) skip this.
#include <string>
#include <string_view>

namespace antom::server {

enum class ControlAccess { Allowed, TokenMissing, NotLoopback };

// `remote` is the peer as the listener writes it ("127.0.0.1:53122", "[::1]:53122");
// `authorization` the request's Authorization header (nullptr when absent).
[[nodiscard]] ControlAccess control_access(std::string_view control_token, bool control_open, std::string_view remote,
                                           const std::string* authorization);

// "127.0.0.1", "::1", "::ffff:127.0.0.5" are loopback; anything unparsable is not.
[[nodiscard]] bool is_loopback_peer(std::string_view remote);

}  // namespace antom::server
