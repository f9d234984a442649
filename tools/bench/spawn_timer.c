/* spawn_timer: runs processes one after another and prints the wall time of each, in seconds,
 * one per line on stdout. Part of tools/bench/store; built by it into the benchmark's temp dir.
 *
 *   spawn_timer [-o OUT] [-i IN] [-r RUNS] [-w WARMUP] -- PROGRAM ARGS...
 *       runs one command WARMUP times untimed, then RUNS times, printing each run's time
 *   spawn_timer [-o OUT] -f LIST
 *       runs every line of LIST (arguments separated by tabs), in order, printing each time
 *
 * The child's stdout goes to OUT (default /dev/null; opened for appending), its stdin comes
 * from IN (default /dev/null), its stderr is inherited. The time is taken around
 * posix_spawn + waitpid with CLOCK_MONOTONIC. A command that fails (non-zero exit or a
 * signal) stops the run: its line and status go to stderr and spawn_timer exits with 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char** environ;

static const char* out_path = "/dev/null";
static const char* in_path = "/dev/null";

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void describe(char* const* argv) {
  for (int i = 0; argv[i] != NULL; ++i) fprintf(stderr, "%s%s", i ? " " : "", argv[i]);
  fputc('\n', stderr);
}

/* Runs argv once; returns its wall time, or exits the program when it fails. */
static double run_once(char* const* argv) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path, O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
  const double start = now_seconds();
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    fprintf(stderr, "spawn_timer: cannot start %s: %s\n", argv[0], strerror(rc));
    exit(1);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      perror("spawn_timer: waitpid");
      exit(1);
    }
  }
  const double elapsed = now_seconds() - start;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "spawn_timer: command failed (%s %d): ",
            WIFEXITED(status) ? "exit status" : "signal",
            WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    describe(argv);
    exit(1);
  }
  return elapsed;
}

static int run_list(const char* list_path) {
  FILE* list = fopen(list_path, "r");
  if (list == NULL) {
    fprintf(stderr, "spawn_timer: cannot read %s: %s\n", list_path, strerror(errno));
    return 1;
  }
  char* line = NULL;
  size_t capacity = 0;
  ssize_t length;
  while ((length = getline(&line, &capacity, list)) >= 0) {
    if (length > 0 && line[length - 1] == '\n') line[--length] = '\0';
    if (length == 0) continue;
    size_t count = 1;
    for (ssize_t i = 0; i < length; ++i) count += line[i] == '\t';
    char** argv = calloc(count + 1, sizeof *argv);
    if (argv == NULL) return 1;
    size_t n = 0;
    for (char* field = strtok(line, "\t"); field != NULL; field = strtok(NULL, "\t")) {
      argv[n++] = field;
    }
    argv[n] = NULL;
    printf("%.9f\n", run_once(argv));
    fflush(stdout);
    free(argv);
  }
  free(line);
  fclose(list);
  return 0;
}

int main(int argc, char** argv) {
  const char* list_path = NULL;
  int runs = 1;
  int warmup = 0;
  int opt;
  while ((opt = getopt(argc, argv, "+o:i:r:w:f:")) != -1) {
    switch (opt) {
      case 'o': out_path = optarg; break;
      case 'i': in_path = optarg; break;
      case 'r': runs = atoi(optarg); break;
      case 'w': warmup = atoi(optarg); break;
      case 'f': list_path = optarg; break;
      default:
        fprintf(stderr, "usage: spawn_timer [-o OUT] [-i IN] [-r RUNS] [-w WARMUP] -- CMD...\n"
                        "       spawn_timer [-o OUT] -f LIST\n");
        return 2;
    }
  }
  if (list_path != NULL) return run_list(list_path);
  if (optind >= argc || runs < 1) {
    fprintf(stderr, "spawn_timer: no command given\n");
    return 2;
  }
  char* const* command = argv + optind;
  for (int i = 0; i < warmup; ++i) run_once(command);
  for (int i = 0; i < runs; ++i) {
    printf("%.9f\n", run_once(command));
    fflush(stdout);
  }
  return 0;
}
