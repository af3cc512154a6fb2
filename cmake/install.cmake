# `make install` / `cmake --install`: the keygate binary, its man page (generated at build time
# with help2man from the --help of every command), bash and zsh completions (from `keygate completion`),
# the systemd unit and the example configuration (packaging/). PREFIX (CMAKE_INSTALL_PREFIX,
# default /usr/local) and DESTDIR are honoured. The configuration directory and the data
# directory are absolute system paths (KEYGATE_CONF_DIR, KEYGATE_STATE_DIR), as the unit needs
# them; DESTDIR still applies to them.
include(GNUInstallDirs)

set(KEYGATE_CONF_DIR "/etc/keygate" CACHE PATH "Where make install puts keygate.conf")
set(KEYGATE_STATE_DIR "/var/lib/keygate" CACHE PATH "The service's data directory")
set(KEYGATE_SYSTEMD_UNIT_DIR "${CMAKE_INSTALL_PREFIX}/lib/systemd/system"
    CACHE PATH "Where make install puts keygate.service")
set(KEYGATE_BIN_FILE "${CMAKE_INSTALL_FULL_BINDIR}/keygate")
set(KEYGATE_CONF_FILE "${KEYGATE_CONF_DIR}/keygate.conf")

install(TARGETS keygate RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Generated from the built binary, so they always match its commands and options.
set(gen ${PROJECT_BINARY_DIR}/packaging)
file(MAKE_DIRECTORY ${gen})
add_custom_command(
  OUTPUT ${gen}/keygate.bash ${gen}/_keygate
  COMMAND sh -c "\"$1\" completion bash > \"$2\" && \"$1\" completion zsh > \"$3\""
          sh $<TARGET_FILE:keygate> ${gen}/keygate.bash ${gen}/_keygate
  DEPENDS keygate
  COMMENT "Generating the bash and zsh completions"
  VERBATIM)
set(generated ${gen}/keygate.bash ${gen}/_keygate)

# The man page: `keygate --help` and --version through help2man, the sections of
# packaging/keygate.h2m, and a COMMANDS section with the --help of every command
# (packaging/man-commands.sh walks the command tree).
find_program(HELP2MAN help2man)
if(HELP2MAN)
  add_custom_command(
    OUTPUT ${gen}/keygate.1
    COMMAND sh ${PROJECT_SOURCE_DIR}/packaging/man-commands.sh $<TARGET_FILE:keygate>
            > ${gen}/commands.h2m
    COMMAND ${HELP2MAN} --no-info --section=1
            "--name=API-key authentication server for Odoo's external API"
            --include=${PROJECT_SOURCE_DIR}/packaging/keygate.h2m
            --include=${gen}/commands.h2m
            --output=${gen}/keygate.1 $<TARGET_FILE:keygate>
    DEPENDS keygate ${PROJECT_SOURCE_DIR}/packaging/keygate.h2m
            ${PROJECT_SOURCE_DIR}/packaging/man-commands.sh
    COMMENT "Generating the man page keygate.1 (help2man)"
    VERBATIM)
  list(APPEND generated ${gen}/keygate.1)
  install(FILES ${gen}/keygate.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "help2man not found (Debian package help2man; make deps installs it): "
                  "no man page is built or installed")
endif()
add_custom_target(keygate_packaging ALL DEPENDS ${generated})

install(FILES ${gen}/keygate.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME keygate)
install(FILES ${gen}/_keygate DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)

configure_file(${PROJECT_SOURCE_DIR}/packaging/keygate.service.in ${gen}/keygate.service @ONLY)
install(FILES ${gen}/keygate.service DESTINATION ${KEYGATE_SYSTEMD_UNIT_DIR})

# The configuration: installed as keygate.conf when there is none; an existing one is never
# overwritten, and the example then goes beside it as keygate.conf.example. Mode 0640: it may
# hold db_password (README: chgrp keygate). file(INSTALL) adds DESTDIR to the destination.
install(CODE "
  set(conf \"\$ENV{DESTDIR}${KEYGATE_CONF_FILE}\")
  set(name keygate.conf)
  if(EXISTS \"\${conf}\")
    set(name keygate.conf.example)
    message(STATUS \"Keeping the existing \${conf}; the example goes beside it as \${name}\")
  endif()
  file(INSTALL \"${PROJECT_SOURCE_DIR}/packaging/keygate.conf\"
       DESTINATION \"${KEYGATE_CONF_DIR}\" RENAME \${name}
       PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ)
")
