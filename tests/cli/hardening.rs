//! Config input under pressure (issue 9): very long chains, a byte order mark, misspelled keys,
//! symlinked files, litter from killed writes, no home directory, and parallel edits.

use crate::support::{Awsx, Run};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

const ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/// Run `cmd` with stdout and stderr in files (a long plan overflows a pipe nobody reads), and
/// kill it if it is still running after `bound`: a bound on a hang, not a speed test.
fn run_within(mut cmd: Command, dir: &Path, bound: Duration) -> Run {
    let out = dir.join("bounded.out");
    let err = dir.join("bounded.err");
    cmd.stdout(Stdio::from(
        std::fs::File::create(&out).expect("stdout file"),
    ))
    .stderr(Stdio::from(
        std::fs::File::create(&err).expect("stderr file"),
    ));
    let mut child = cmd.spawn().expect("spawn awsx");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > bound {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} still running after {bound:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run(std::process::Output {
        status,
        stdout: std::fs::read(&out).expect("stdout"),
        stderr: std::fs::read(&err).expect("stderr"),
    })
}

#[test]
fn a_5000_hop_source_profile_chain_is_resolved_in_linear_time() {
    let hops = 5_000;
    let mut config = String::from("[profile p0]\nregion = eu-west-1\n");
    for i in 1..=hops {
        config.push_str(&format!(
            "[profile p{i}]\nsource_profile = p{}\nrole_arn = arn:aws:iam::111111111111:role/r{i}\n",
            i - 1
        ));
    }
    let awsx = Awsx::new().config(&config).credentials(&format!(
        "[p0]\naws_access_key_id = {ID}\naws_secret_access_key = {SECRET}\n"
    ));
    // Quadratic resolution took 1.5 minutes per command here; linear takes well under a second.
    let bound = Duration::from_secs(30);
    let target = format!("p{hops}");
    for args in [
        vec!["explain", target.as_str(), "--json"],
        vec!["explain", target.as_str()],
        vec!["config", "check"],
        vec!["list", "--profiles"],
        vec!["alias", "--shell", "bash"],
    ] {
        let mut cmd = awsx.command(Awsx::bin());
        cmd.args(&args);
        let run = run_within(cmd, awsx.home.path(), bound).success();
        match args[0] {
            "explain" if args.len() == 3 => {
                let steps = run.json()["steps"].as_array().map_or(0, Vec::len);
                // The keys, GetSessionToken, then every role.
                assert_eq!(steps, hops + 2, "{args:?}");
            }
            "explain" => assert_eq!(run.stdout().lines().count(), hops + 3, "{args:?}"),
            "config" => assert_eq!(
                run.stdout(),
                format!("No problems found in {} profiles.\n", hops + 1)
            ),
            "list" => assert_eq!(run.stdout().lines().count(), hops + 1, "{args:?}"),
            _ => assert!(run.stdout().contains(&format!("aws-{target}")), "{args:?}"),
        }
        assert!(!run.stderr().contains(SECRET));
    }
}

#[test]
fn a_byte_order_mark_at_the_start_of_the_config_is_accepted_and_kept() {
    let config = "\u{FEFF}[profile gds-users]\r\nregion = eu-west-1\r\n";
    let awsx = Awsx::new().config(config);
    let run = awsx.run(&["config", "show", "--json"]).success();
    assert_eq!(
        run.json()["profiles"],
        serde_json::json!({"gds-users": {"region": "eu-west-1"}})
    );
    awsx.run(&["config", "check"]).success();
    // Editing keeps the mark and sees the first section: no duplicate [profile gds-users].
    awsx.add_keys("gds-users", ID, SECRET);
    awsx.add_keys("other", ID, SECRET);
    assert_eq!(
        std::fs::read_to_string(awsx.path("config")).expect("config"),
        format!("{config}\r\n[profile other]\r\nregion = us-east-1\r\n")
    );
}

#[test]
fn misspelled_keys_are_warned_about_with_file_line_and_the_key_meant() {
    let awsx = Awsx::new().config(
        "[profile gds-users]\nregoin = eu-west-1\n\
         [profile admin]\nsource_profile = gds-users\nrole_arn = arn:aws:iam::050019655025:role/admin\n\
         mfa_seral = arn:aws:iam::398263320410:mfa/jane.doe\n",
    );
    // `add` writes `region = us-east-1` under gds-users (`regoin` is not a region), so the
    // admin lines move down one.
    awsx.add_keys("gds-users", ID, SECRET);
    let config = awsx.path("config").display().to_string();
    let run = awsx.run(&["config", "check"]).success();
    assert_eq!(
        run.stdout(),
        format!(
            "{config}:2: profile gds-users: warning: unknown key `regoin`: did you mean region? \
             (hint: nothing reads `regoin`, so it has no effect; rename it to region)\n\
             {config}:7: profile admin: warning: unknown key `mfa_seral`: did you mean mfa_serial? \
             (hint: nothing reads `mfa_seral`, so it has no effect; rename it to mfa_serial)\n"
        )
    );
    assert_eq!(run.stderr(), "2 warnings, no errors, in 2 profiles\n");

    // explain says so too, since the plan it shows has no MFA.
    let run = awsx.run(&["explain", "admin"]).success();
    assert!(
        run.stderr().contains(&format!(
            "warning: {config}:7: profile admin: unknown key `mfa_seral`: did you mean mfa_serial?"
        )) && run.stderr().contains("did you mean region?"),
        "{}",
        run.stderr()
    );
    assert!(!run.stdout().contains("MFA"), "{}", run.stdout());
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[test]
fn symlinked_files_are_edited_through_the_link() {
    let awsx = Awsx::new();
    let dotfiles = awsx.path("dotfiles");
    std::fs::create_dir(&dotfiles).expect("mkdir");
    std::fs::write(dotfiles.join("aws-config"), "# mine\n[profile a]\n").expect("write");
    std::fs::write(
        dotfiles.join("aws-credentials"),
        format!("[moved]\naws_access_key_id = {ID}\naws_secret_access_key = {SECRET}\n"),
    )
    .expect("write");
    std::os::unix::fs::symlink("dotfiles/aws-config", awsx.path("config")).expect("link");
    std::os::unix::fs::symlink(dotfiles.join("aws-credentials"), awsx.path("credentials"))
        .expect("link");

    awsx.add_keys("b", ID, SECRET);
    let run = awsx
        .run(&["add", "moved", "--from-credentials-file", "--yes"])
        .success();
    assert!(!run.stderr().contains(SECRET) && !run.stdout().contains(SECRET));

    assert!(is_link(&awsx.path("config")) && is_link(&awsx.path("credentials")));
    assert_eq!(
        std::fs::read_to_string(dotfiles.join("aws-config")).expect("read"),
        "# mine\n[profile a]\n\n[profile b]\nregion = us-east-1\n\n[profile moved]\nregion = us-east-1\n"
    );
    assert_eq!(
        std::fs::read_to_string(dotfiles.join("aws-credentials")).expect("read"),
        "[moved]\n"
    );
    // Nothing was left beside the links or the targets.
    let mut names: Vec<String> = std::fs::read_dir(&dotfiles)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["aws-config", "aws-credentials"]);
}

fn set_age(path: &Path, age: Duration) {
    let file = std::fs::File::options()
        .write(true)
        .open(path)
        .expect("open");
    file.set_modified(SystemTime::now() - age).expect("mtime");
}

#[test]
fn temp_files_left_by_a_killed_write_are_removed_on_the_next_write() {
    let awsx = Awsx::new().config("[profile a]\n");
    // What a write killed between creating its temp file and renaming it leaves (made by hand:
    // a real kill -9 cannot be aimed at that moment reliably). It holds a copy of the file.
    let stale = awsx.path(".awsx-Ab12Cd.tmp");
    std::fs::write(&stale, format!("aws_secret_access_key = {SECRET}\n")).expect("write");
    set_age(&stale, Duration::from_secs(600));
    // A live write's temp file, and files that are not ours, stay.
    let fresh = awsx.path(".awsx-Ef34Gh.tmp");
    std::fs::write(&fresh, "").expect("write");
    let not_ours = awsx.path(".awsx-notes.tmp");
    std::fs::write(&not_ours, "").expect("write");
    set_age(&not_ours, Duration::from_secs(600));

    awsx.add_keys("b", ID, SECRET);
    assert!(!stale.exists(), "stale temp file kept");
    assert!(fresh.exists() && not_ours.exists());
}

#[test]
fn with_no_home_directory_nothing_is_written_in_the_current_directory() {
    let awsx = Awsx::new()
        .without("HOME")
        .without("AWS_CONFIG_FILE")
        .without("AWS_SHARED_CREDENTIALS_FILE");
    let mut cmd = awsx.command(Awsx::bin());
    cmd.args(["add", "gds-users", "--env"])
        .env("AWS_ACCESS_KEY_ID", ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET);
    let run = Run(cmd.output().expect("run")).failure();
    assert_eq!(
        run.stderr(),
        "error: cannot write the shared config file: no home directory is known\n\
         hint: set HOME (or USERPROFILE on Windows), or point AWS_CONFIG_FILE at the file\n"
    );
    assert!(!run.stdout().contains(SECRET));
    // The command runs in the temp dir: no .aws there, and the keys were not stored either.
    assert!(!awsx.path(".aws").exists());
    assert_eq!(awsx.run(&["list", "--credentials"]).success().stdout(), "");
    // Reading works: there are simply no files.
    let run = awsx.run(&["config", "show"]).success();
    assert!(
        run.stdout()
            .contains("# config:      (none: no home directory is known)")
    );
    assert!(!awsx.path(".aws").exists());
}

#[test]
fn parallel_adds_keep_every_config_section() {
    let awsx = Awsx::new().config("# shared by all\n");
    let n = 20;
    // Each its own vault, so the vault's own lock does not space the config writes out: the
    // config file is the only thing they share.
    let children: Vec<_> = (0..n)
        .map(|i| {
            let mut cmd = awsx.command(Awsx::bin());
            cmd.args(["add", &format!("p{i}"), "--env"])
                .env("AWS_ACCESS_KEY_ID", ID)
                .env("AWS_SECRET_ACCESS_KEY", SECRET)
                .env("AWSX_FILE_DIR", awsx.path(&format!("vault{i}")))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            cmd.spawn().expect("spawn")
        })
        .collect();
    for child in children {
        let run = Run(child.wait_with_output().expect("wait")).success();
        assert!(!run.stderr().contains(SECRET));
    }
    let config = std::fs::read_to_string(awsx.path("config")).expect("config");
    for i in 0..n {
        assert_eq!(
            config.matches(&format!("[profile p{i}]\n")).count(),
            1,
            "p{i}:\n{config}"
        );
    }
    assert!(config.starts_with("# shared by all\n"));
}
