"""Official administrative units, the office set-up and the catalogues an officer extends."""

from __future__ import annotations

import pytest

from desktop.core import campaigns, catalogues, office, units
from desktop.core.errors import ValidationError
from desktop.core.text import text_sort_key


def test_official_list_has_34_provinces_and_3321_communes():
    assert len(units.provinces()) == 34
    assert units.all_communes_count() == 3321
    assert sum(len(units.communes(p.code)) for p in units.provinces()) == 3321


def test_codes_are_two_digit_provinces_and_five_digit_communes():
    for province in units.provinces():
        assert len(province.code) == 2 and province.code.isdigit()
        for commune in units.communes(province.code):
            assert len(commune.code) == 5 and commune.code.isdigit()
            assert commune.province_code == province.code


def test_lookup_of_a_commune_and_its_province():
    first = units.communes("91")[0]
    assert units.commune(first.code) == first
    assert units.province("91").name.endswith("An Giang")
    with pytest.raises(KeyError):
        units.commune("99999")


def test_provinces_are_in_vietnamese_alphabetical_order():
    names = [p.name for p in units.provinces() if p.division_type == "tỉnh"]
    assert names[:3] == ["An Giang", "Bắc Ninh", "Cà Mau"]
    assert names.index("Cao Bằng") < names.index("Đắk Lắk")  # d < đ
    assert names.index("Lạng Sơn") < names.index("Lào Cai") < names.index("Lâm Đồng")  # a < â


def test_setup_records_the_office_as_a_commune(commune_db):
    unit = office.self_unit(commune_db)
    assert unit.level == "commune" and unit.parent_code == "91"
    assert (unit.head_name, unit.officer_name) == ("Trần Văn Hùng", "Lê Thị Mai")
    assert office.device_id(commune_db) and office.device_epoch(commune_db) == 1


def test_setup_seeds_54_ethnicities_with_their_code_scheme(commune_db):
    rows = commune_db.conn.execute("SELECT code, scheme, name FROM ethnicity").fetchall()
    assert len(rows) == 54
    assert {row["scheme"] for row in rows} == {"121-TCTK/PPCĐ"}
    assert dict(catalogues.ethnicities(commune_db))["01"] == "Kinh"


def test_setup_seeds_the_religions(commune_db):
    religions = dict(catalogues.religions(commune_db))
    assert len(religions) == len(catalogues.load("religions")["items"]) >= 16
    assert {"Phật giáo", "Công giáo", "Cao Đài", "Phật giáo Hòa Hảo"} <= set(religions.values())


def test_campaign_comes_with_the_plans_event_types(commune_db):
    items = catalogues.event_types(commune_db, commune_db.campaign_uid)
    codes = [item.code for item in items]
    assert len(codes) == len(set(codes)) == len(catalogues.festival_template()["event_types"])
    assert {"tuyen_truyen", "chon_diem", "le_xa", "hoi_xa", "le_ap", "hoi_ap"} <= set(codes)
    assert {"khen_thuong", "tham_hoi_tang_qua", "ra_mat_mo_hinh", "ky_cam_ket"} <= set(codes)


def test_campaign_comes_with_indicators_of_valid_categories(commune_db):
    items = catalogues.indicators(commune_db, commune_db.campaign_uid)
    codes = [item.code for item in items]
    assert len(codes) == len(set(codes)) == len(catalogues.festival_template()["indicators"])
    assert {item.extra["category"] for item in items} <= set(catalogues.CATEGORIES)
    assert {"commendation", "gift", "model", "work", "pledge", "tip", "weapons", "funds"} <= {
        item.extra["category"] for item in items
    }


def test_setup_seeds_the_communes_organisations(commune_db):
    names = {item.name for item in catalogues.organisations(commune_db)}
    assert len(names) == len(catalogues.festival_template()["organisations"])
    assert {"Công an xã", "Ủy ban nhân dân xã"} <= names


def test_campaign_is_the_festival_of_the_year(commune_db):
    campaign = campaigns.get(commune_db, commune_db.campaign_uid)
    assert campaign.title == "Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2026"
    assert (campaign.start_date, campaign.end_date) == ("2026-01-01", "2026-12-31")
    assert campaign.festival_day == "2026-08-19"


def test_a_year_has_one_festival_campaign(commune_db):
    with pytest.raises(ValidationError) as raised:
        campaigns.create_from_template(commune_db, 2026)
    assert raised.value.fields["year"] == "Đã có kế hoạch của năm 2026."


def test_setup_is_refused_for_an_unofficial_code_and_twice(db, commune_db):
    with pytest.raises(ValidationError) as raised:
        office.set_up_commune(db, office.OfficeSetup(commune_code="12345"))
    assert "commune_code" in raised.value.fields
    assert office.is_set_up(db)  # the commune_db fixture set up this same database
    with pytest.raises(ValidationError):
        office.set_up_commune(db, office.OfficeSetup(commune_code=units.communes("91")[1].code))


def test_officer_adds_a_hamlet(commune_db):
    uid = catalogues.add_hamlet(commune_db, "  Khu phố   3 ", "khu_pho")
    names = [item.name for item in catalogues.hamlets(commune_db)]
    assert names == ["Ấp Bình An", "Ấp Tân Hòa", "Khu phố 3"]  # Vietnamese order, not as added
    assert any(item.uid == uid for item in catalogues.hamlets(commune_db))


def test_hamlets_are_in_vietnamese_order_whatever_order_they_were_added(commune_db):
    for name in ("Ấp 10", "Ấp Ăn Quán", "Ấp 2", "Ấp Đông", "Ấp Dừa", "Ấp An Lạc", "Ấp Ánh"):
        catalogues.add_hamlet(commune_db, name)
    names = [item.name for item in catalogues.hamlets(commune_db)]
    assert names == [
        "Ấp 2",
        "Ấp 10",
        "Ấp An Lạc",
        "Ấp Ánh",
        "Ấp Ăn Quán",
        "Ấp Bình An",
        "Ấp Dừa",
        "Ấp Đông",
        "Ấp Tân Hòa",
    ]


def test_organisations_ethnicities_and_religions_are_in_vietnamese_order(commune_db):
    catalogues.add_organisation(commune_db, "Ăn uống tập thể")
    catalogues.add_organisation(commune_db, "Âm nhạc quần chúng")
    catalogues.add_organisation(commune_db, "An ninh xã hội")
    organisations = [item.name for item in catalogues.organisations(commune_db)]
    assert organisations.index("An ninh xã hội") < organisations.index("Ăn uống tập thể")
    assert organisations.index("Ăn uống tập thể") < organisations.index("Âm nhạc quần chúng")
    for names in (
        organisations,
        [name for _code, name in catalogues.ethnicities(commune_db)],
        [name for _code, name in catalogues.religions(commune_db)],
    ):
        assert names == sorted(names, key=text_sort_key)
    ethnicities = [name for _code, name in catalogues.ethnicities(commune_db)]
    assert ethnicities.index("Chăm") < ethnicities.index("Chơ-ro") < ethnicities.index("Dao")


@pytest.mark.parametrize("name", ["Ấp Tân Hòa", "ap tan hoa", "  ẤP TÂN  HÒA "])
def test_hamlet_with_the_same_name_is_refused(commune_db, name):
    with pytest.raises(ValidationError) as raised:
        catalogues.add_hamlet(commune_db, name)
    assert raised.value.fields["name"].startswith("Danh mục đã có mục")
    assert len(catalogues.hamlets(commune_db)) == 2


def test_empty_name_is_refused(commune_db):
    with pytest.raises(ValidationError) as raised:
        catalogues.add_hamlet(commune_db, "   ")
    assert raised.value.fields == {"name": "Tên không được để trống."}


def test_officer_adds_an_event_type_to_the_campaign(commune_db):
    uid = catalogues.add_event_type(
        commune_db, commune_db.campaign_uid, "Hội thi tìm hiểu pháp luật"
    )
    items = catalogues.event_types(commune_db, commune_db.campaign_uid)
    assert items[-1].uid == uid  # placed after the template's types
    with pytest.raises(ValidationError):
        catalogues.add_event_type(commune_db, commune_db.campaign_uid, "tuyen truyen")


def test_officer_adds_an_indicator(commune_db):
    uid = catalogues.add_indicator(
        commune_db, commune_db.campaign_uid, "Camera an ninh", "work", "cái", has_value=True
    )
    added = next(
        i for i in catalogues.indicators(commune_db, commune_db.campaign_uid) if i.uid == uid
    )
    assert (added.extra["category"], added.extra["unit_label"], added.extra["has_value"]) == (
        "work",
        "cái",
        1,
    )
    with pytest.raises(ValidationError):
        catalogues.add_indicator(
            commune_db, commune_db.campaign_uid, "BẰNG KHEN", "other", "", False
        )


def test_indicator_needs_a_known_category(commune_db):
    with pytest.raises(ValidationError) as raised:
        catalogues.add_indicator(commune_db, commune_db.campaign_uid, "Mới", "misc", "", False)
    assert raised.value.fields == {"category": "Hãy chọn nhóm chỉ tiêu."}


def test_hidden_entry_leaves_the_pickers_but_stays_listed_for_editing(commune_db):
    hamlet = commune_db.hamlets[1]
    catalogues.set_active(commune_db, "hamlet", hamlet, False)
    assert [i.uid for i in catalogues.hamlets(commune_db)] == [commune_db.hamlets[0]]
    assert len(catalogues.hamlets(commune_db, include_inactive=True)) == 2


def test_rename_keeps_the_entry_findable_by_its_new_name(commune_db):
    catalogues.rename(commune_db, "hamlet", commune_db.hamlets[0], "Ấp Tân Hòa Đông")
    row = commune_db.conn.execute(
        "SELECT search_key FROM hamlet WHERE uid = ?", [commune_db.hamlets[0]]
    ).fetchone()
    assert row[0] == "ap tan hoa dong"


def test_renaming_onto_another_entrys_name_is_refused(commune_db):
    from desktop.core import catalogues
    from desktop.core.errors import ValidationError

    first, second = commune_db.hamlets
    with pytest.raises(ValidationError) as refused:
        catalogues.rename(commune_db, "hamlet", second, "ap tan hoa")
    assert "Danh mục đã có" in str(refused.value)
    catalogues.rename(commune_db, "hamlet", first, "Ấp Tân Hòa Mới")
    assert {h.name for h in catalogues.hamlets(commune_db)} == {"Ấp Tân Hòa Mới", "Ấp Bình An"}


def test_communes_sort_by_proper_name_not_by_type_word():
    from desktop.core import units
    from desktop.core.text import text_sort_key

    names = [
        c.name.split(" ", 1)[1] if c.name.startswith("Xã ") else c.name
        for c in units.communes("91")
    ]
    bare = [n.removeprefix("Phường ").removeprefix("Đặc khu ") for n in names]
    assert bare == sorted(bare, key=text_sort_key)


def test_an_office_is_named_with_its_province_and_a_province_alone():
    from desktop.core.office import Unit

    commune = Unit("30589", "Xã An Biên", "commune", "91", "An Giang", "", "", "")
    province = Unit("91", "An Giang", "province", None, "", "", "", "")
    assert (commune.place, province.place) == ("Xã An Biên, An Giang", "An Giang")
