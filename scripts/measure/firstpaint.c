/* First paint of a window under X (make measure): starts a command in its own process
 * group, grabs a rectangle of the root window with XGetImage every few milliseconds and
 * prints the seconds from the start to the first grab with at least MIN distinct colours
 * in it (a blank or single-colour window has one or two; drawn text and widgets have
 * dozens), then stops the command's process group. Prints "timeout" if it never happens.
 *
 *   firstpaint X Y W H MIN TIMEOUT_S command args...
 *   cc -O2 -o firstpaint firstpaint.c -lX11
 */
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

/* Distinct colours among every 4th pixel of every 4th row, up to `cap`. */
static int colours(XImage *img, int cap) {
    enum { SLOTS = 4096 };
    static unsigned long seen[SLOTS];
    static unsigned char used[SLOTS];
    memset(used, 0, sizeof used);
    int n = 0;
    for (int y = 0; y < img->height; y += 4) {
        for (int x = 0; x < img->width; x += 4) {
            unsigned long p = XGetPixel(img, x, y) & 0xffffff;
            unsigned h = (unsigned)((p * 2654435761u) >> 7) % SLOTS;
            while (used[h] && seen[h] != p) h = (h + 1) % SLOTS;
            if (!used[h]) {
                used[h] = 1;
                seen[h] = p;
                if (++n >= cap) return n;
            }
        }
    }
    return n;
}

int main(int argc, char **argv) {
    if (argc < 8) {
        fprintf(stderr, "usage: firstpaint X Y W H MIN TIMEOUT_S command args...\n");
        return 2;
    }
    int x = atoi(argv[1]), y = atoi(argv[2]), w = atoi(argv[3]), h = atoi(argv[4]);
    int min = atoi(argv[5]);
    double timeout = atof(argv[6]);
    Display *d = XOpenDisplay(NULL);
    if (!d) {
        fprintf(stderr, "firstpaint: cannot open the display (DISPLAY=%s)\n", getenv("DISPLAY") ? getenv("DISPLAY") : "");
        return 2;
    }
    Window root = DefaultRootWindow(d);
    double start = now();
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        execvp(argv[7], argv + 7);
        _exit(127);
    }
    setpgid(pid, pid);
    double painted = -1;
    while (now() - start < timeout) {
        XImage *img = XGetImage(d, root, x, y, (unsigned)w, (unsigned)h, AllPlanes, ZPixmap);
        if (img) {
            int n = colours(img, min);
            XDestroyImage(img);
            if (n >= min) {
                painted = now() - start;
                break;
            }
        }
        if (waitpid(pid, NULL, WNOHANG) == pid) break;
        usleep(3000);
    }
    if (painted >= 0) printf("%.3f\n", painted);
    else printf("timeout\n");
    fflush(stdout);
    kill(-pid, SIGTERM);
    usleep(300000);
    kill(-pid, SIGKILL);
    waitpid(pid, NULL, 0);
    XCloseDisplay(d);
    return painted >= 0 ? 0 : 1;
}
