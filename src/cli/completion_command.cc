// `keygate completion bash|zsh`: a shell completion script generated from the command tree, so
// it completes every command and option there is, global options included, and never drifts.
// zsh uses the same script through bashcompinit.
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
  out << "    \"" << path << "\") words=\"" << words << "\" ;;\n";
  for (CLI::App* c : Commands(app)) Arms(*c, path + " " + c->get_name(), out);
}

std::string BashScript(CLI::App& root) {
  std::ostringstream out;
  out << "# keygate completion (bash): eval \"$(keygate completion bash)\"\n"
         "_keygate() {\n"
         "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" path=\"\" words=\"\" w i\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    w=\"${COMP_WORDS[i]}\"\n"
         "    case \"$w\" in -*) continue ;; esac\n"
         "    case \" $(_keygate_words \"$path\") \" in *\" $w \"*) path=\"$path $w\" ;; esac\n"
         "  done\n"
         "  words=\"$(_keygate_words \"$path\")\"\n"
         "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
         "}\n"
         "_keygate_words() {\n"
         "  local words=\"\"\n"
         "  case \"$1\" in\n";
  Arms(root, "", out);
  out << "  esac\n"
         "  echo \"$words\"\n"
         "}\n"
         "complete -F _keygate keygate\n";
  return out.str();
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
      if (*shell == "zsh") std::cout << "autoload -U +X bashcompinit && bashcompinit\n";
      std::cout << BashScript(*root);
      return Status::Ok();
    };
  });
}

}  // namespace keygate::cli
