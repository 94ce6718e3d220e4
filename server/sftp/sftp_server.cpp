#include "server/sftp/sftp_server.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libssh/libssh.h>
#include <libssh/server.h>
#define WITH_SERVER 1  // declares the SFTP server functions of <libssh/sftp.h>
#include <libssh/sftp.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <list>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "server/log.hpp"

namespace antom::server {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
}

// One connection. The acceptor keeps a dup of the socket (watch_fd) to shut it down past a
// deadline: shutting down a duplicate ends the session's blocking calls, and the number cannot be
// reused by another connection until the acceptor closes it after joining the thread.
struct Connection {
  int watch_fd = -1;
  std::int64_t accepted_ms = 0;
  std::atomic<std::int64_t> last_activity_ms{0};
  std::atomic<bool> logged_in{false};
  std::atomic<bool> finished{false};
  bool shut = false;  // acceptor thread only
  std::thread thread;
};

// User names and paths come from the client: control bytes become '?' and the text is cut, so a
// log line stays one line.
void log_sftp(std::string_view what, std::string_view client_id, std::string_view outcome) {
  if (!log_enabled()) return;
  std::string safe(what.substr(0, 512));
  for (char& ch : safe)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
  log_request("SFTP", safe, client_id, outcome, 0);
}

// An open handle: a directory listing or a file's bytes, copied when opened.
struct Handle {
  bool directory = false;
  SftpEntry entry;
  std::vector<SftpEntry> children;
  std::size_t next_child = 0;
  std::string bytes;
};

sftp_attributes_struct attributes_of(const SftpEntry& e) {
  sftp_attributes_struct a{};
  a.flags = SSH_FILEXFER_ATTR_SIZE | SSH_FILEXFER_ATTR_PERMISSIONS | SSH_FILEXFER_ATTR_ACMODTIME | SSH_FILEXFER_ATTR_UIDGID;
  a.type = e.directory ? SSH_FILEXFER_TYPE_DIRECTORY : SSH_FILEXFER_TYPE_REGULAR;
  a.size = e.size;
  a.permissions = e.directory ? (S_IFDIR | 0555) : (S_IFREG | 0444);
  a.atime = a.mtime = static_cast<std::uint32_t>(std::max<std::int64_t>(0, e.mtime));
  a.atime64 = a.mtime64 = static_cast<std::uint64_t>(std::max<std::int64_t>(0, e.mtime));
  return a;
}

constexpr const char* kReadOnly = "read only: antom-sim's SFTP serves the settlement report files for download only";
constexpr std::size_t kNamesPerReply = 100;
constexpr std::uint32_t kMaxRead = 64 * 1024;

// The SFTP requests of one logged-in merchant.
class SftpRequests {
 public:
  SftpRequests(sftp_session sftp, const SftpBackend& backend, std::string client_id)
      : sftp_(sftp), backend_(backend), client_id_(std::move(client_id)) {}

  // false: end the session (the network failed, or the merchant is gone).
  bool handle(sftp_client_message msg) {
    const std::uint8_t type = sftp_client_message_get_type(msg);
    const char* raw_name = sftp_client_message_get_filename(msg);
    const std::string path = normalize_sftp_path(raw_name ? raw_name : "");
    switch (type) {
      case SSH_FXP_REALPATH: {
        const auto view = backend_.view(client_id_);
        if (!view) return gone(msg);
        auto entry = view->stat(path);
        sftp_attributes_struct a = entry ? attributes_of(*entry) : sftp_attributes_struct{};
        return sftp_reply_name(msg, path.c_str(), &a) == 0;
      }
      case SSH_FXP_STAT:
      case SSH_FXP_LSTAT: {
        const auto view = backend_.view(client_id_);
        if (!view) return gone(msg);
        auto entry = view->stat(path);
        if (!entry) return refuse(msg, SSH_FX_NO_SUCH_FILE, "stat", path, "no such file or directory in your folder");
        sftp_attributes_struct a = attributes_of(*entry);
        return sftp_reply_attr(msg, &a) == 0;
      }
      case SSH_FXP_FSTAT: {
        Handle* h = find(msg);
        if (!h) return sftp_reply_status(msg, SSH_FX_INVALID_HANDLE, "invalid handle") == 0;
        sftp_attributes_struct a = attributes_of(h->entry);
        return sftp_reply_attr(msg, &a) == 0;
      }
      case SSH_FXP_OPENDIR: return open_directory(msg, path);
      case SSH_FXP_READDIR: return read_directory(msg);
      case SSH_FXP_OPEN: return open_file(msg, path);
      case SSH_FXP_READ: return read_file(msg);
      case SSH_FXP_CLOSE: {
        Handle* h = find(msg);
        if (!h) return sftp_reply_status(msg, SSH_FX_INVALID_HANDLE, "invalid handle") == 0;
        sftp_handle_remove(sftp_, h);
        handles_.erase(h);
        return sftp_reply_status(msg, SSH_FX_OK, "") == 0;
      }
      case SSH_FXP_READLINK:
        return refuse(msg, SSH_FX_NO_SUCH_FILE, "readlink", path, "no symbolic links in your folder");
      case SSH_FXP_WRITE:
      case SSH_FXP_SETSTAT:
      case SSH_FXP_FSETSTAT:
      case SSH_FXP_REMOVE:
      case SSH_FXP_MKDIR:
      case SSH_FXP_RMDIR:
      case SSH_FXP_RENAME:
      case SSH_FXP_SYMLINK:
        return refuse(msg, SSH_FX_PERMISSION_DENIED, "write", path, kReadOnly);
      case SSH_FXP_EXTENDED: {  // OpenSSH's extensions: posix-rename, hardlink, statvfs, ...
        const char* sub = sftp_client_message_get_submessage(msg);
        const std::string_view name = sub ? sub : "";
        if (name == "posix-rename@openssh.com" || name == "hardlink@openssh.com" || name == "fsync@openssh.com")
          return refuse(msg, SSH_FX_PERMISSION_DENIED, name, path, kReadOnly);
        return refuse(msg, SSH_FX_OP_UNSUPPORTED, name, path, "not supported: antom-sim's SFTP lists and downloads report files");
      }
      default:
        return refuse(msg, SSH_FX_OP_UNSUPPORTED, "request " + std::to_string(type), path,
                      "not supported: antom-sim's SFTP lists and downloads report files");
    }
  }

 private:
  bool gone(sftp_client_message msg) {
    sftp_reply_status(msg, SSH_FX_FAILURE, "this merchant is no longer registered");
    return false;
  }

  bool refuse(sftp_client_message msg, std::uint32_t status, std::string_view what, const std::string& path,
              const std::string& why) {
    log_sftp(std::string(what) + " " + path, client_id_, status == SSH_FX_NO_SUCH_FILE ? "NO_SUCH_FILE" : "REFUSED");
    return sftp_reply_status(msg, status, (why + ": " + path).c_str()) == 0;
  }

  Handle* find(sftp_client_message msg) {
    if (msg->handle == nullptr) return nullptr;
    auto* info = static_cast<Handle*>(sftp_handle(sftp_, msg->handle));
    auto it = handles_.find(info);
    return it == handles_.end() ? nullptr : it->first;
  }

  bool reply_handle(sftp_client_message msg, std::unique_ptr<Handle> h) {
    ssh_string id = sftp_handle_alloc(sftp_, h.get());
    if (id == nullptr) return sftp_reply_status(msg, SSH_FX_FAILURE, "too many open handles; close some") == 0;
    Handle* raw = h.get();
    handles_.emplace(raw, std::move(h));
    const int rc = sftp_reply_handle(msg, id);
    ssh_string_free(id);
    return rc == 0;
  }

  bool open_directory(sftp_client_message msg, const std::string& path) {
    const auto view = backend_.view(client_id_);
    if (!view) return gone(msg);
    auto entry = view->stat(path);
    auto children = view->list(path);
    if (!entry || !children) return refuse(msg, SSH_FX_NO_SUCH_FILE, "opendir", path, "no such directory in your folder");
    auto h = std::make_unique<Handle>();
    h->directory = true;
    h->entry = *entry;
    h->children = std::move(*children);
    return reply_handle(msg, std::move(h));
  }

  bool read_directory(sftp_client_message msg) {
    Handle* h = find(msg);
    if (!h || !h->directory) return sftp_reply_status(msg, SSH_FX_INVALID_HANDLE, "not a directory handle") == 0;
    if (h->next_child >= h->children.size()) return sftp_reply_status(msg, SSH_FX_EOF, "") == 0;
    const std::size_t end = std::min(h->children.size(), h->next_child + kNamesPerReply);
    for (; h->next_child < end; ++h->next_child) {
      const SftpEntry& e = h->children[h->next_child];
      sftp_attributes_struct a = attributes_of(e);
      const std::string long_name = sftp_long_name(e);
      if (sftp_reply_names_add(msg, e.name.c_str(), long_name.c_str(), &a) != 0) return false;
    }
    return sftp_reply_names(msg) == 0;
  }

  bool open_file(sftp_client_message msg, const std::string& path) {
    const std::uint32_t flags = sftp_client_message_get_flags(msg);
    if (flags & (SSH_FXF_WRITE | SSH_FXF_APPEND | SSH_FXF_CREAT | SSH_FXF_TRUNC | SSH_FXF_EXCL))
      return refuse(msg, SSH_FX_PERMISSION_DENIED, "open for writing", path, kReadOnly);
    const auto view = backend_.view(client_id_);
    if (!view) return gone(msg);
    auto entry = view->stat(path);
    if (!entry) return refuse(msg, SSH_FX_NO_SUCH_FILE, "open", path, "no such file in your folder");
    if (entry->directory) return refuse(msg, SSH_FX_FAILURE, "open", path, "a directory, not a file");
    auto bytes = backend_.read(client_id_, path);
    if (!bytes) return refuse(msg, SSH_FX_NO_SUCH_FILE, "open", path, "no longer kept (files older than 7 days go)");
    auto h = std::make_unique<Handle>();
    h->entry = *entry;
    h->entry.size = bytes->size();
    h->bytes = std::move(*bytes);
    log_sftp("open " + path, client_id_, "OK");
    return reply_handle(msg, std::move(h));
  }

  bool read_file(sftp_client_message msg) {
    Handle* h = find(msg);
    if (!h || h->directory) return sftp_reply_status(msg, SSH_FX_INVALID_HANDLE, "not a file handle") == 0;
    if (msg->offset >= h->bytes.size()) return sftp_reply_status(msg, SSH_FX_EOF, "") == 0;
    const std::size_t n = std::min<std::uint64_t>({msg->len, kMaxRead, h->bytes.size() - msg->offset});
    return sftp_reply_data(msg, h->bytes.data() + msg->offset, static_cast<int>(n)) == 0;
  }

  sftp_session sftp_;
  const SftpBackend& backend_;
  std::string client_id_;
  std::map<Handle*, std::unique_ptr<Handle>> handles_;
};

constexpr int kMaxPasswordAttempts = 3;

// libssh deprecates the message-based password read in favour of callbacks; the message loop keeps
// a session's steps in order on its own thread.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
const char* password_of(ssh_message m) { return ssh_message_auth_password(m); }
#pragma GCC diagnostic pop

// Key exchange, password, a session channel and its "sftp" subsystem, then SFTP requests until the
// client leaves. Every libssh call blocks; the acceptor's deadline shuts the socket down.
void serve(Connection& c, ssh_session s, const SftpBackend& backend) {
  auto touch = [&c] { c.last_activity_ms = now_ms(); };
  ssh_set_auth_methods(s, SSH_AUTH_METHOD_PASSWORD);
  if (ssh_handle_key_exchange(s) != SSH_OK) return;
  std::string client_id;
  int failures = 0;
  while (client_id.empty()) {
    ssh_message m = ssh_message_get(s);
    if (m == nullptr) return;
    if (ssh_message_type(m) == SSH_REQUEST_AUTH && ssh_message_subtype(m) == SSH_AUTH_METHOD_PASSWORD) {
      const char* user = ssh_message_auth_user(m);
      const char* password = password_of(m);
      auto who = backend.login(user ? user : "", password ? password : "");
      if (who) {
        client_id = *who;
        ssh_message_auth_reply_success(m, 0);
      } else {
        ++failures;
        log_sftp(std::string("login ") + (user ? user : ""), "", "AUTH_FAILED");
        ssh_message_auth_set_methods(m, SSH_AUTH_METHOD_PASSWORD);
        ssh_message_reply_default(m);
      }
    } else {
      if (ssh_message_type(m) == SSH_REQUEST_AUTH) ssh_message_auth_set_methods(m, SSH_AUTH_METHOD_PASSWORD);
      ssh_message_reply_default(m);
    }
    ssh_message_free(m);
    if (failures >= kMaxPasswordAttempts) return;
  }
  c.logged_in = true;
  touch();
  log_sftp("login", client_id, "OK");

  ssh_channel channel = nullptr;
  while (channel == nullptr) {
    ssh_message m = ssh_message_get(s);
    if (m == nullptr) return;
    if (ssh_message_type(m) == SSH_REQUEST_CHANNEL_OPEN && ssh_message_subtype(m) == SSH_CHANNEL_SESSION)
      channel = ssh_message_channel_request_open_reply_accept(m);
    else
      ssh_message_reply_default(m);
    ssh_message_free(m);
  }
  bool sftp_requested = false;
  while (!sftp_requested) {
    ssh_message m = ssh_message_get(s);
    if (m == nullptr) return;
    if (ssh_message_type(m) == SSH_REQUEST_CHANNEL && ssh_message_subtype(m) == SSH_CHANNEL_REQUEST_SUBSYSTEM &&
        std::string_view(ssh_message_channel_request_subsystem(m) ? ssh_message_channel_request_subsystem(m) : "") == "sftp") {
      ssh_message_channel_request_reply_success(m);
      sftp_requested = true;
    } else {
      ssh_message_reply_default(m);  // no shell, exec or forwarding: SFTP only
    }
    ssh_message_free(m);
  }
  touch();
  sftp_session sftp = sftp_server_new(s, channel);
  if (sftp == nullptr) return;
  if (sftp_server_init(sftp) == 0) {
    SftpRequests requests(sftp, backend, client_id);
    while (true) {
      sftp_client_message msg = sftp_get_client_message(sftp);
      if (msg == nullptr) break;
      touch();
      const bool go_on = requests.handle(msg);
      sftp_client_message_free(msg);
      touch();
      if (!go_on) break;
    }
  }
  sftp_server_free(sftp);
  // As sshd does when sftp-server exits: exit status, EOF and close, and the client's close awaited
  // (a disconnect at once races a client still sending its own EOF and close: paramiko then fails).
  if (ssh_channel_is_open(channel)) {
    ssh_channel_request_send_exit_status(channel, 0);
    ssh_channel_send_eof(channel);
    ssh_channel_close(channel);
    pollfd p{ssh_get_fd(s), POLLIN, 0};
    ::poll(&p, 1, 1000);  // the client's close (or its end of the connection), for up to a second
  }
}

// "host:port" -> a listening socket; throws naming the flag.
int listen_on(const std::string& text, std::string& bound) {
  const auto colon = text.rfind(':');
  std::string host = text.substr(0, colon);
  const std::string port = text.substr(colon + 1);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.empty() ? nullptr : host.c_str(), port.c_str(), &hints, &found); rc != 0)
    throw std::runtime_error("--sftp-listen " + text + ": " + ::gai_strerror(rc));
  int fd = -1;
  std::string error = "no address";
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || ::listen(fd, 64) != 0) {
      error = std::strerror(errno);
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0)
    throw std::runtime_error("--sftp-listen " + text + ": " + error +
                             "; choose another address or port (port 0 = any free port)");
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  char name[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    ::inet_ntop(AF_INET6, &a->sin6_addr, name, sizeof name);
    bound.assign(1, '[').append(name).append("]:").append(std::to_string(ntohs(a->sin6_port)));
  } else {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    ::inet_ntop(AF_INET, &a->sin_addr, name, sizeof name);
    bound = std::string(name) + ":" + std::to_string(ntohs(a->sin_port));
  }
  return fd;
}

}  // namespace

struct SftpServer::Impl {
  SftpSettings settings;
  SftpBackend backend;
  ssh_bind bind = nullptr;
  int listen_fd = -1;
  std::atomic<bool> stopping{false};
  std::thread acceptor;
  std::list<std::unique_ptr<Connection>> connections;  // acceptor thread only (after start)

  void accept_loop() {
    while (!stopping) {
      pollfd p{listen_fd, POLLIN, 0};
      const int ready = ::poll(&p, 1, 100);
      watch();
      if (ready <= 0 || stopping) continue;
      const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
          std::this_thread::sleep_for(std::chrono::milliseconds(100));  // no busy loop without descriptors
        continue;
      }
      if (connections.size() >= settings.max_sessions) {
        log_sftp("connection", "", "TOO_MANY_SESSIONS");
        ::close(fd);
        continue;
      }
      start_session(fd);
    }
  }

  void start_session(int fd) {
    auto c = std::make_unique<Connection>();
    c->watch_fd = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (c->watch_fd < 0) {
      ::close(fd);
      return;
    }
    c->accepted_ms = now_ms();
    c->last_activity_ms = c->accepted_ms;
    ssh_session s = ssh_new();
    if (s == nullptr || ssh_bind_accept_fd(bind, s, fd) != SSH_OK) {
      log_sftp("connection", "", s ? ssh_get_error(bind) : "OUT_OF_MEMORY");
      if (s) ssh_free(s);  // owns fd once accepted; a rare failure may leak it rather than close twice
      else ::close(fd);
      ::close(c->watch_fd);
      return;
    }
    Connection* raw = c.get();
    c->thread = std::thread([this, raw, s] {
      serve(*raw, s, backend);
      ssh_disconnect(s);
      ssh_free(s);
      raw->finished = true;
    });
    connections.push_back(std::move(c));
  }

  // Deadlines, and finished sessions joined.
  void watch() {
    const std::int64_t now = now_ms();
    for (auto it = connections.begin(); it != connections.end();) {
      Connection& c = **it;
      if (c.finished) {
        c.thread.join();
        ::close(c.watch_fd);
        it = connections.erase(it);
        continue;
      }
      const bool late = c.logged_in ? now - c.last_activity_ms > settings.idle_timeout.count()
                                    : now - c.accepted_ms > settings.login_timeout.count();
      if ((late || stopping) && !c.shut) {
        c.shut = true;
        if (!stopping) log_sftp("connection", "", c.logged_in ? "IDLE_TIMEOUT" : "LOGIN_TIMEOUT");
        ::shutdown(c.watch_fd, SHUT_RDWR);
      }
      ++it;
    }
  }
};

SftpServer::SftpServer(SftpSettings settings, SftpBackend backend) : impl_(std::make_unique<Impl>()) {
  impl_->settings = std::move(settings);
  impl_->backend = std::move(backend);
}

SftpServer::~SftpServer() { stop(); }

std::string SftpServer::start() {
  static std::once_flag init;
  std::call_once(init, [] { ssh_init(); });
  Impl& i = *impl_;
  std::string bound;
  i.listen_fd = listen_on(i.settings.listen, bound);
  i.bind = ssh_bind_new();
  if (i.bind == nullptr) throw std::runtime_error("--sftp-listen: libssh cannot make a server (out of memory)");
  bool no_config = false;
  ssh_bind_options_set(i.bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no_config);  // no /etc/ssh/libssh_server_config
  if (ssh_bind_options_set(i.bind, SSH_BIND_OPTIONS_HOSTKEY, i.settings.host_key.c_str()) != SSH_OK)
    throw std::runtime_error("SFTP host key " + i.settings.host_key.string() + ": " + ssh_get_error(i.bind));
  i.acceptor = std::thread([&i] { i.accept_loop(); });
  return bound;
}

void SftpServer::stop() {
  Impl& i = *impl_;
  if (i.stopping.exchange(true)) return;
  if (i.acceptor.joinable()) i.acceptor.join();
  // The acceptor has stopped: shut every session down and wait for it.
  while (!i.connections.empty()) {
    i.watch();
    if (!i.connections.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (i.listen_fd >= 0) ::close(i.listen_fd);
  if (i.bind) ssh_bind_free(i.bind);
}

}  // namespace antom::server
