#include "app/seed_command.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "metrics/registry.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "util/clock.hpp"

namespace parley::app {

int run_seed_command(const config::Config& config, seed::SeedOptions options) {
  try {
    std::filesystem::create_directories(config.data_dir);
    metrics::Registry metrics;
    store::SqliteOptions store_options;
    store_options.path = (std::filesystem::path(config.data_dir) / "parley.sqlite").string();
    // A seed interrupted by power loss is run again on a new directory, so its commits need
    // not reach the disk one by one.
    store_options.synchronous = store::SqliteOptions::Synchronous::kNormal;
    store_options.writer_cache_mib = 512;
    store::SqliteStore store(store_options, metrics);

    util::SystemClock clock;
    options.now_ms = clock.now_ms();
    options.hash_cost = {config.argon2_ops, config.argon2_mem_bytes};
    const seed::SeedPlan plan = seed::plan_for_scale(options.scale);
    std::fprintf(stderr,
                 "parley seed: scale %g into %s: %lld users, %lld channels, %lld groups, %lld "
                 "direct rooms, %lld messages\n",
                 options.scale, store_options.path.c_str(), static_cast<long long>(plan.users),
                 static_cast<long long>(plan.channels), static_cast<long long>(plan.groups),
                 static_cast<long long>(plan.directs), static_cast<long long>(plan.messages()));
    seed::Progress progress(stderr, isatty(STDERR_FILENO) == 1);
    const seed::SeedReport report = seed::run_seed(store, options, progress);
    std::fprintf(
        stderr,
        "parley seed: done in %.1f s: %lld subscriptions, %lld messages (%lld thread "
        "replies)%s. Every user's password is \"%s\" (user1..user%lld, admin).\n",
        report.seconds, static_cast<long long>(report.subscriptions),
        static_cast<long long>(report.messages), static_cast<long long>(report.thread_replies),
        options.tokens_path.empty()
            ? ""
            : (", " + std::to_string(report.tokens) + " resume tokens in " + options.tokens_path)
                  .c_str(),
        options.password.c_str(), static_cast<long long>(plan.users - 1));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "parley seed: %s\n", e.what());
    return 1;
  }
}

}  // namespace parley::app
