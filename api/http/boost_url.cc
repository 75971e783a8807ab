// Boost.URL ships no compiled library in Debian 12: its sources are built
// into ticketd from this one translation unit.
#include <boost/url/src.hpp>
