// `keygate completion bash|zsh`: a shell completion script generated from the command tree, so
// it completes every command and option there is, global options included, and never drifts.
// Both shells share one table (the words each command path completes); the zsh script is a
// native completion function (`#compdef`), so it works from a directory of $fpath (where
// `make install` puts it, as _keygate) as well as through eval.
#include <sstream>

#include "cli/commands.h"

namespace keygate::cli {

namespace {

std::vector<CLI::App*> Commands(CLI::App& app) {
  return app.get_subcommands([](CLI::App* s) { return !s->get_name().empty(); });
}

// One `case` arm per command path: its commands and its options.
void Arms(CLI::App& app, const std::string& path, std::ostringstream& out) {
  std::string words;
  auto add = [&words](const std::string& word) {
    if (!words.empty()) words += ' ';
    words += word;
  };
  for (CLI::App* c : Commands(app)) add(c->get_name());
  for (const CLI::Option* o : app.get_options()) {
    for (const auto& l : o->get_lnames()) add("--" + l);
    for (const auto& s : o->get_snames()) add("-" + s);
  }
  out << "    \"" << path << "\") kw=\"" << words << "\" ;;\n";
  for (CLI::App* c : Commands(app)) Arms(*c, path + " " + c->get_name(), out);
}

// `_keygate_words PATH`: the words that complete after the command path PATH.
std::string WordsFunction(CLI::App& root) {
  std::ostringstream out;
  out << "_keygate_words() {\n"
         "  local kw=\"\"\n"
         "  case \"$1\" in\n";
  Arms(root, "", out);
  out << "  esac\n"
         "  echo \"$kw\"\n"
         "}\n";
  return out.str();
}

std::string BashScript(CLI::App& root) {
  return "# keygate completion (bash): eval \"$(keygate completion bash)\"\n"
         "_keygate() {\n"
         "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" w i\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    w=\"${COMP_WORDS[i]}\"\n"
         "    case \"$w\" in -*) continue ;; esac\n"
         "    case \" $(_keygate_words \"$path\") \" in *\" $w \"*) path=\"$path $w\" ;; esac\n"
         "  done\n"
         "  COMPREPLY=($(compgen -W \"$(_keygate_words \"$path\")\" -- \"$cur\"))\n"
         "}\n" +
         WordsFunction(root) + "complete -F _keygate keygate\n";
}

// zsh: `words` and `CURRENT` are the completion system's (1-based); `path` is zsh's own.
std::string ZshScript(CLI::App& root) {
  return "#compdef keygate\n"
         "# keygate completion (zsh): _keygate in a directory of $fpath, or\n"
         "# eval \"$(keygate completion zsh)\" after compinit\n"
         "_keygate() {\n"
         "  local cmdpath=\"\" w i\n"
         "  for ((i = 2; i < CURRENT; i++)); do\n"
         "    w=\"${words[i]}\"\n"
         "    [[ \"$w\" == -* ]] && continue\n"
         "    [[ \" $(_keygate_words \"$cmdpath\") \" == *\" $w \"* ]] && cmdpath=\"$cmdpath $w\"\n"
         "  done\n"
         "  compadd -- ${=$(_keygate_words \"$cmdpath\")}\n"
         "}\n" +
         WordsFunction(root) +
         "if [[ \"${funcstack[1]}\" == _keygate ]]; then _keygate \"$@\"; else compdef _keygate "
         "keygate; fi\n";
}

}  // namespace

void RegisterCompletionCommand(CLI::App& app, Registration reg) {
  auto shell = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "completion", "Print a shell completion script: eval \"$(keygate completion bash)\"");
  cmd->add_option("SHELL", *shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  CLI::App* root = &app;
  cmd->callback([reg, shell, root] {
    *reg.selected = [shell, root](CliContext&) {
      std::cout << (*shell == "zsh" ? ZshScript(*root) : BashScript(*root));
      return Status::Ok();
    };
  });
}

}  // namespace keygate::cli
