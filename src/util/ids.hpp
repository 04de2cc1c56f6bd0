#pragma once
// Meteor-compatible random identifiers and secrets.
#include <string>

namespace parley::util {

// 17 characters over Meteor's unambiguous alphabet, like Random.id().
std::string random_id(std::size_t length = 17);

// 43 characters over [A-Za-z0-9-_], like Meteor's Random.secret(): used for login tokens.
std::string random_secret(std::size_t length = 43);

}  // namespace parley::util
