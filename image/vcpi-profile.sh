# vcpi: installed as /etc/profile.d/vcpi.sh by prepare-image.sh. Puts linkvst on the PATH of login shells and
# points it at the service's socket, so `linkvst attach` reaches the running payload service.
# shellcheck shell=sh
case ":$PATH:" in
  *:/opt/vcpi/scripts:*) ;;
  *) PATH=$PATH:/opt/vcpi/scripts ;;
esac
LINKVST_SOCKET=${LINKVST_SOCKET:-/run/vcpi/linkvst.sock}
export PATH LINKVST_SOCKET
