// Boost's separate compilation: the definitions of Asio, Asio SSL and Beast, compiled once.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
