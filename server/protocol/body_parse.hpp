#pragma once
// Parsing an Antom request body that scan_body has seen, the way the pipeline does, with one
// member per name afterwards (the last of duplicates wins, as at Antom).
#include <rapidjson/document.h>

#include <string>

#include "server/protocol/body_scan.hpp"

namespace antom::server {

using PooledDocument = rapidjson::GenericDocument<rapidjson::UTF8<>, rapidjson::MemoryPoolAllocator<>, rapidjson::MemoryPoolAllocator<>>;

// `scan` must be scan_body(text) and its depth within kMaxJsonDepth (the parser recurses). The
// parse may be in place: `doc`'s strings may point into `text`, which it changes and which must
// outlive `doc`.
void parse_body(std::string& text, const BodyScan& scan, PooledDocument& doc);

}  // namespace antom::server
