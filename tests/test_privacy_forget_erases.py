"""/forget deletes a resident's own words, photos and voice from the store (PIPL art. 47),
and keeps the anonymous record of money and of the work done.

Before, /forget took her words and photos off the site but kept them in the store "for
the volunteers": a volunteer's /show of her report still read "我王秀兰住101，电话…",
her photos stayed in the media folder, though she had withdrawn her consent and asked
for her personal information to be deleted, and nothing needed them any more.

Now each of her own entries (reports, opinions, questions, corrections; published,
rejected or withdrawn) keeps ``ERASED_ZH`` as its text, without its place words, photos
or voice; the photos then go at the next sweep of the media. What stays: the report's
number, category, building and status, the volunteers' steps and answers, her
household's votes, and the fees she recorded (amount, period, household, receipt: the
accounts' vouchers), whose ledger still verifies.
"""

from __future__ import annotations

from conftest import confirmed_resident, pid
from heads_support import money, street_with_history
from test_site_helpers import photo_bytes

from db.entries import Kind, Status
from db.media import MediaStore
from db.media_sweep import sweep
from db.privacy import WITHHELD_ZH
from db.withheld import ERASED_ZH
from site_builder.collect import collect
from site_builder.render import render

HOME = "c1/1/1/101"
SECRET = "我王秀兰住这里，晚上摔了一跤"


def test_forget_deletes_her_words_photos_and_voice_and_keeps_the_record(tmp_path):
    repo, clock = street_with_history(tmp_path / "data")
    clock.at(4, 10)
    volunteer, checker = pid(repo, 101), pid(repo, 102)
    her = confirmed_resident(repo, 5001, HOME, 101)
    media = MediaStore(repo.store.root)
    photo = media.save_photo(photo_bytes("green"))
    issue = repo.submit(her, Kind.ISSUE, "east", {
        "category": "lighting", "text": SECRET, "photos": [photo], "building": "1",
        "compound": "c1", "unit": "1", "place": "101门口"})
    repo.approve(issue.id, volunteer)
    repo.issue_step(issue.id, volunteer, "in_progress", "已联系电工")
    rejected = repo.submit(her, Kind.OPINION, "east", {"text": "王秀兰的意见：" + SECRET})
    repo.reject(rejected.id, volunteer, "重复")
    line = repo.ledger("east")[0]["seq"]
    question = repo.ask(her, "east", "line", line, "王秀兰想问这笔钱给了谁")
    repo.approve(question.id, volunteer)
    repo.answer_question(question.id, volunteer, "付给了保洁公司")
    fee = repo.submit(her, Kind.FEE_INCOME, "east", {
        "fee_type": "sanitation", "period": "2024", "amount_fen": 12345,
        "household": HOME})
    repo.approve(fee.id, checker)
    money(repo, "east", 300)
    fee_before = dict(repo.entry(fee.id).data)

    repo.forget(her)

    for e in (repo.entry(issue.id), repo.entry(rejected.id), repo.entry(question.id)):
        assert e.data["text"] == ERASED_ZH, e.data
        assert "王秀兰" not in str(e.data) and "摔了一跤" not in str(e.data)
        assert "photos" not in e.data and "place" not in e.data and e.data["withheld"]
    kept = repo.entry(issue.id)
    assert kept.status == Status.IN_PROGRESS and kept.data["category"] == "lighting"
    assert kept.data["building"] == "1" and kept.history[-1]["note"] == "已联系电工"
    assert repo.entry(question.id).data["answer"] == "付给了保洁公司"
    assert repo.entry(fee.id).data == fee_before  # the accounts' record, as it was
    assert repo.verify()  # raises when a line no longer matches its entry
    swept = sweep(repo.store, grace=0.0, now=float("inf"))
    assert not media.exists(photo) and swept.files >= 1  # the photo is gone from disk
    with repo.store.lock:
        files = render(collect(repo))
    repo.close()
    issues = files["areas/east/issues.md"].decode()
    shown = issues[issues.index(f'id="issue-{issue.id}"'):]
    assert WITHHELD_ZH in shown and "路灯照明" in shown and "已联系电工" in shown
    for path, body in files.items():
        text = body.decode("utf-8", "replace")
        assert ERASED_ZH not in text and "王秀兰" not in text, path
